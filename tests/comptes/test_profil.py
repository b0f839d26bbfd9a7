"""Profil utilisateur (Dossier Famille): change the password, the e-mail addresses."""

from __future__ import annotations

import html

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.core.exceptions import ValidationError

from famille.comptes.adresses import analyser_emails
from famille.comptes.models import Compte, Evenement

PROFIL = "/dossier-famille/profil/"
ACTUEL = "Une phrase de passe solide"
NOUVEAU = "les marrons du jardin"


@pytest.fixture
def parent(parent_client):
    compte = parent_client.foyer.titulaire
    compte.emails = "maman@exemple.fr; papa@exemple.fr"
    compte.save()
    return parent_client


def texte(reponse) -> str:
    return html.unescape(reponse.content.decode())


def changer_mot_de_passe(client, ancien, nouveau, confirmation=None):
    return client.post(
        PROFIL,
        {
            "action": "mot_de_passe",
            "mdp-ancien_mot_de_passe": ancien,
            "mdp-nouveau_mot_de_passe": nouveau,
            "mdp-confirmation": confirmation if confirmation is not None else nouveau,
        },
    )


def changer_emails(client, valeur, mot_de_passe=ACTUEL):
    return client.post(
        PROFIL,
        {"action": "emails", "emails-emails": valeur, "emails-mot_de_passe_actuel": mot_de_passe},
    )


def test_la_page_dit_ce_que_dit_le_memo(parent):
    page = texte(parent.get(PROFIL))
    assert "Dossier Famille — Profil utilisateur" in page
    assert (
        "c'est sur celle-ci que vous recevrez le compte-rendu de vos réservations et le ticket "
        "de paiement lorsque vous effectuerez des règlements en ligne" in page
    )
    assert (
        "Vous pouvez saisir plusieurs adresses mail en les séparant par un point-virgule." in page
    )
    assert (
        "Si vous réglez par carte bancaire, seule la première adresse mail renseignée sera prise "
        "en compte." in page
    )
    assert 'value="maman@exemple.fr ; papa@exemple.fr"' in page
    assert "Au moins 12 caractères" in page


# --- password --------------------------------------------------------------------------------


def test_changer_le_mot_de_passe_garde_la_session(parent):
    compte = parent.foyer.titulaire
    avant = Evenement.objects.filter(type=Evenement.Type.MOT_DE_PASSE, compte=compte).count()
    reponse = changer_mot_de_passe(parent, ACTUEL, NOUVEAU)
    assert reponse.status_code == 302 and reponse["Location"] == PROFIL
    page = texte(parent.get(PROFIL))
    assert "Le mot de passe a bien été enregistré" in page
    compte.refresh_from_db()
    assert compte.check_password(NOUVEAU)
    assert parent.get("/dossier-famille/").status_code == 200
    evenements = Evenement.objects.filter(type=Evenement.Type.MOT_DE_PASSE, compte=compte)
    assert evenements.count() == avant + 1
    for evenement in Evenement.objects.all():
        assert NOUVEAU not in evenement.detail and ACTUEL not in evenement.detail


def test_ancien_mot_de_passe_faux(parent):
    reponse = changer_mot_de_passe(parent, "pas le bon du tout", NOUVEAU)
    assert reponse.status_code == 200
    assert "Le mot de passe actuel est incorrect." in texte(reponse)
    assert Compte.objects.get(pk=parent.foyer.titulaire.pk).check_password(ACTUEL)


def test_ancien_mot_de_passe_obligatoire(parent):
    reponse = changer_mot_de_passe(parent, "", NOUVEAU)
    assert "Saisissez votre mot de passe actuel." in texte(reponse)
    assert Compte.objects.get(pk=parent.foyer.titulaire.pk).check_password(ACTUEL)


def test_confirmation_differente(parent):
    reponse = changer_mot_de_passe(parent, ACTUEL, NOUVEAU, "les marrons du jardin !")
    assert "Les deux mots de passe saisis ne sont pas identiques" in texte(reponse)
    assert Compte.objects.get(pk=parent.foyer.titulaire.pk).check_password(ACTUEL)


@pytest.mark.parametrize(
    ("nouveau", "regle"),
    [
        ("marrons", "« Au moins 12 caractères » (votre mot de passe en compte 7)"),
        ("qwertyuiop12", "« Pas un mot de passe courant »"),
        (ACTUEL, "« Différent de votre mot de passe actuel »"),
    ],
)
def test_regle_enfreinte_nommee(parent, nouveau, regle):
    reponse = changer_mot_de_passe(parent, ACTUEL, nouveau)
    assert f"Règle non respectée : {regle}" in texte(reponse)
    assert Compte.objects.get(pk=parent.foyer.titulaire.pk).check_password(ACTUEL)


# --- e-mail addresses ------------------------------------------------------------------------


def test_une_adresse_invalide_est_nommee_et_rien_n_est_enregistre(parent):
    reponse = changer_emails(parent, "nouvelle@exemple.fr; pas-une-adresse; autre@exemple.fr")
    assert reponse.status_code == 200
    assert "L'adresse « pas-une-adresse » n'est pas valide." in texte(reponse)
    compte = Compte.objects.get(pk=parent.foyer.titulaire.pk)
    assert compte.emails == "maman@exemple.fr; papa@exemple.fr"
    assert not Evenement.objects.filter(type=Evenement.Type.EMAILS).exists()
    assert len(mail.outbox) == 0


@pytest.mark.parametrize(
    ("mot_de_passe", "message"),
    [
        ("", "Saisissez votre mot de passe actuel."),
        ("pas le bon mot de passe", "Le mot de passe actuel est incorrect."),
    ],
)
def test_changer_les_adresses_demande_le_mot_de_passe_actuel(parent, mot_de_passe, message):
    # A session left open on a shared computer must not let anyone redirect the reset e-mails.
    reponse = changer_emails(parent, "pirate@exemple.fr", mot_de_passe)
    assert reponse.status_code == 200
    assert message in texte(reponse)
    assert 'autocomplete="current-password"' in texte(reponse)
    compte = Compte.objects.get(pk=parent.foyer.titulaire.pk)
    assert compte.emails == "maman@exemple.fr; papa@exemple.fr"
    assert not Evenement.objects.filter(type=Evenement.Type.EMAILS).exists()


def test_virgule_au_lieu_du_point_virgule(parent):
    reponse = changer_emails(parent, "a@exemple.fr, b@exemple.fr")
    assert "Séparez les adresses par un point-virgule (;)" in texte(reponse)


def test_adresses_trop_longues_refusees_a_cote_du_champ(parent):
    reponse = changer_emails(parent, "a" * 1200 + "@exemple.fr")
    assert reponse.status_code == 200
    assert "1000 caractères" in texte(reponse)
    assert Compte.objects.get(pk=parent.foyer.titulaire.pk).emails == (
        "maman@exemple.fr; papa@exemple.fr"
    )


def test_aucune_adresse(parent):
    assert "Saisissez au moins une adresse e-mail." in texte(changer_emails(parent, " ; "))


def test_doublons_supprimes_et_avis_aux_anciennes_adresses(
    parent, django_capture_on_commit_callbacks
):
    compte = parent.foyer.titulaire
    with django_capture_on_commit_callbacks(execute=True):
        reponse = changer_emails(
            parent, " Nouvelle@Exemple.fr ;nouvelle@exemple.FR; MAMAN@exemple.fr;; "
        )
    assert reponse.status_code == 302
    compte.refresh_from_db()
    assert compte.emails == "Nouvelle@Exemple.fr; MAMAN@exemple.fr"
    assert compte.email == "Nouvelle@Exemple.fr"  # the first one, for card payments
    assert "Vos adresses e-mail ont bien été enregistrées" in texte(parent.get(PROFIL))

    assert len(mail.outbox) == 1
    avis = mail.outbox[0]
    assert sorted(avis.to) == ["maman@exemple.fr", "papa@exemple.fr"]
    assert "ont été modifiées" in avis.body
    assert "nouvelle@exemple.fr" not in avis.body.lower()

    evenement = Evenement.objects.get(type=Evenement.Type.EMAILS, compte=compte)
    assert "@" not in evenement.detail


def test_memes_adresses_rien_ne_change(parent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        changer_emails(parent, "MAMAN@exemple.fr ; papa@exemple.fr")
    assert len(mail.outbox) == 0
    assert not Evenement.objects.filter(type=Evenement.Type.EMAILS).exists()


def test_pas_de_profil_pour_le_personnel_sans_compte_famille(client, arbre):
    agent = Compte.objects.create(
        username="agent", is_staff=True, password=make_password("Agent-du-service-1")
    )
    client.force_login(agent)
    assert client.get(PROFIL).status_code == 404


def test_chaque_parent_voit_son_propre_profil(client, arbre, creer_famille):
    creer_famille("F5001", emails="famille.un@exemple.fr")
    autre = creer_famille("F5002", emails="famille.deux@exemple.fr")
    client.force_login(autre.titulaire)
    page = texte(client.get(PROFIL))
    assert "famille.deux@exemple.fr" in page and "famille.un@exemple.fr" not in page


# --- the rules, as functions -----------------------------------------------------------------


def test_analyser_emails():
    assert analyser_emails("a@x.fr;b@y.fr ; A@X.FR") == ["a@x.fr", "b@y.fr"]
    with pytest.raises(ValidationError) as erreur:
        analyser_emails("a@x.fr; @y.fr; c@")
    messages = erreur.value.messages
    assert messages == [
        "L'adresse « @y.fr » n'est pas valide.",
        "L'adresse « c@ » n'est pas valide.",
    ]
    with pytest.raises(ValidationError, match="5 adresses au maximum"):
        analyser_emails(";".join(f"p{n}@x.fr" for n in range(6)))
