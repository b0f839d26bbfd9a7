"""First login as the memo describes it: identifiant + initial password → personal password that
respects the rules shown → « Le mot de passe a bien été enregistré » → RGPD and CGU ticked."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from famille.comptes.models import Compte, Consentement, DocumentsLegaux, Evenement

INITIAL = "Mot-de-passe-initial-1"
NOUVEAU = "une balade au bord du lac"
MOT_DE_PASSE = "/premiere-connexion/mot-de-passe/"
ENREGISTRE = "/premiere-connexion/enregistre/"
CONSENTEMENTS = "/premiere-connexion/consentements/"


@pytest.fixture
def nouvelle_famille(arbre, creer_famille):
    return creer_famille("F2001", premiere_connexion_faite=False, prenom="Nadia", nom="Roux")


def connecter(client, identifiant="F2001", mot_de_passe=INITIAL):
    return client.post("/connexion/", {"username": identifiant, "password": mot_de_passe})


def choisir(client, mot_de_passe, confirmation=None):
    return client.post(
        MOT_DE_PASSE,
        {"nouveau_mot_de_passe": mot_de_passe, "confirmation": confirmation or mot_de_passe},
    )


def erreurs(reponse) -> str:
    return html.unescape(reponse.content.decode())


@pytest.mark.parametrize("saisie", ["F2001", "f2001", "  F2001 ", "f2001\t"])
def test_identifiant_sans_casse_ni_espaces_mene_au_choix_du_mot_de_passe(
    client, nouvelle_famille, saisie
):
    reponse = connecter(client, saisie)
    assert reponse.status_code == 302
    assert reponse["Location"] == MOT_DE_PASSE
    assert Evenement.objects.filter(
        type=Evenement.Type.CONNEXION, compte=nouvelle_famille.titulaire
    ).exists()


def test_la_page_affiche_les_regles(client, nouvelle_famille):
    connecter(client)
    page = erreurs(client.get(MOT_DE_PASSE))
    for regle in (
        "Au moins 12 caractères",
        "Au plus 128 caractères",
        "Pas un mot de passe courant",
        "Pas proche de votre identifiant, de votre nom, de votre prénom ou de votre adresse e-mail",
        "Aucune obligation de majuscule, de chiffre ou de caractère spécial",
    ):
        assert regle in page
    assert "Ce mot de passe sera ensuite crypté et ne sera accessible qu'à vous." in page


@pytest.mark.parametrize(
    ("mot_de_passe", "regle"),
    [
        (
            "court-123",
            "Règle non respectée : « Au moins 12 caractères » (votre mot de passe en compte 9)",
        ),
        (
            "a" * 60 + " " + "b" * 68,
            "Règle non respectée : « Au plus 128 caractères » (votre mot de passe en compte 129)",
        ),
        ("password1234", "Règle non respectée : « Pas un mot de passe courant »"),
        ("nadia.roux-F2001", "Règle non respectée : « Pas proche de votre identifiant"),
        ("f2001@exemple.fr", "Règle non respectée : « Pas proche de votre identifiant"),
        (INITIAL, "Règle non respectée : « Différent de votre mot de passe actuel »"),
    ],
)
def test_chaque_regle_enfreinte_est_nommee_et_rien_n_est_enregistre(
    client, nouvelle_famille, mot_de_passe, regle
):
    connecter(client)
    reponse = choisir(client, mot_de_passe)
    assert reponse.status_code == 200
    assert regle in erreurs(reponse)
    compte = Compte.objects.get(pk=nouvelle_famille.titulaire.pk)
    assert compte.mot_de_passe_initial
    assert compte.check_password(INITIAL)


def test_plusieurs_regles_enfreintes_sont_toutes_nommees(client, nouvelle_famille):
    connecter(client)
    page = erreurs(choisir(client, "f2001"))
    assert "« Au moins 12 caractères »" in page
    assert "« Pas proche de votre identifiant" in page


def test_confirmation_differente(client, nouvelle_famille):
    connecter(client)
    reponse = choisir(client, NOUVEAU, "une balade au bord du lac!")
    assert "Les deux mots de passe saisis ne sont pas identiques" in erreurs(reponse)
    assert Compte.objects.get(pk=nouvelle_famille.titulaire.pk).mot_de_passe_initial


def test_parcours_complet_jusqu_a_l_accueil(client, nouvelle_famille):
    compte = nouvelle_famille.titulaire
    connecter(client)
    reponse = choisir(client, NOUVEAU)
    assert reponse["Location"] == ENREGISTRE

    compte.refresh_from_db()
    assert not compte.mot_de_passe_initial
    assert compte.check_password(NOUVEAU)
    assert NOUVEAU not in compte.password
    assert Evenement.objects.filter(type=Evenement.Type.MOT_DE_PASSE, compte=compte).exists()

    page = erreurs(client.get(ENREGISTRE))
    assert "Le mot de passe a bien été enregistré" in page
    assert f'href="{CONSENTEMENTS}"' in page and "Continuer" in page

    reglages = DocumentsLegaux.load()
    page = erreurs(client.get(CONSENTEMENTS))
    assert reglages.rgpd_page.url in page and reglages.cgu_page.url in page
    # Both documents are readable while the step is pending.
    assert client.get(reglages.rgpd_page.url).status_code == 200
    assert client.get(reglages.cgu_page.url).status_code == 200
    # Anything else still goes back to the step.
    assert client.get("/")["Location"] == CONSENTEMENTS

    reponse = client.post(CONSENTEMENTS, {"rgpd": "on", "cgu": "on"})
    assert reponse.status_code == 302 and reponse["Location"] == "/"
    accueil = client.get("/")
    assert accueil.status_code == 200
    assert ">Dossier Famille</a>" in accueil.content.decode()

    consentements = {c.document: c for c in Consentement.objects.filter(compte=compte)}
    assert set(consentements) == {"rgpd", "cgu"}
    assert consentements["rgpd"].revision == reglages.rgpd_page.live_revision
    assert consentements["cgu"].revision == reglages.cgu_page.live_revision
    assert consentements["rgpd"].page_id == reglages.rgpd_page_id
    assert all(c.accepte_le is not None for c in consentements.values())
    assert Evenement.objects.filter(type=Evenement.Type.CONSENTEMENT, compte=compte).count() == 2
    # The journal names the version by its date, not a revision id (issue 9.10).
    date = date_format(timezone.localtime(reglages.rgpd_page.live_revision.created_at), "j F Y")
    assert Evenement.objects.filter(
        type=Evenement.Type.CONSENTEMENT, compte=compte, detail__endswith=f", version du {date}"
    ).exists()


@pytest.mark.parametrize(
    ("coches", "manquant"),
    [
        ({"rgpd": "on"}, "Conditions générales d'utilisation du portail"),
        ({"cgu": "on"}, "Protection des données personnelles (RGPD)"),
        ({}, "Protection des données personnelles (RGPD)"),
    ],
)
def test_les_deux_cases_sont_obligatoires(client, nouvelle_famille, coches, manquant):
    connecter(client)
    choisir(client, NOUVEAU)
    reponse = client.post(CONSENTEMENTS, coches)
    assert reponse.status_code == 200
    assert f"Cochez la case pour indiquer que vous avez lu « {manquant} »" in erreurs(reponse)
    assert not Consentement.objects.filter(compte=nouvelle_famille.titulaire).exists()
    assert client.get("/")["Location"] == CONSENTEMENTS


def test_nouvelle_version_du_rgpd_redemandee_a_la_connexion_suivante(client, nouvelle_famille):
    compte = nouvelle_famille.titulaire
    connecter(client)
    choisir(client, NOUVEAU)
    client.post(CONSENTEMENTS, {"rgpd": "on", "cgu": "on"})
    client.post("/deconnexion/")

    # Staff publish a new version of the RGPD page.
    rgpd = DocumentsLegaux.load().rgpd_page.specific
    rgpd.corps = "<p>Nouvelle version : durée de conservation précisée.</p>"
    nouvelle = rgpd.save_revision()
    nouvelle.publish()

    reponse = connecter(client, "F2001", NOUVEAU)
    assert reponse["Location"] == CONSENTEMENTS
    page = erreurs(client.get(CONSENTEMENTS))
    assert 'name="rgpd"' in page and 'name="cgu"' not in page
    # The parent is told why he is asked again (issue 9.10).
    date = date_format(timezone.localtime(nouvelle.created_at), "j F Y")
    assert f"Nouvelle version du {date} : ce document a changé depuis que vous l'avez" in page
    client.post(CONSENTEMENTS, {"rgpd": "on"})
    assert client.get("/").status_code == 200
    dernier = Consentement.objects.filter(compte=compte, document="rgpd").first()
    assert dernier.revision == nouvelle
    assert Consentement.objects.filter(compte=compte).count() == 3


def test_une_modification_mineure_ne_redemande_rien(client, nouvelle_famille):
    compte = nouvelle_famille.titulaire
    connecter(client)
    choisir(client, NOUVEAU)
    client.post(CONSENTEMENTS, {"rgpd": "on", "cgu": "on"})
    client.post("/deconnexion/")
    rgpd = DocumentsLegaux.load().rgpd_page.specific
    acceptee = rgpd.version_a_accepter

    rgpd.corps = "<p>Même texte, une faute de frappe corrigée.</p>"
    rgpd.modification_mineure = True
    rgpd.save_revision().publish()

    assert connecter(client, "F2001", NOUVEAU)["Location"] == "/"
    rgpd.refresh_from_db()
    assert rgpd.version_a_accepter == acceptee
    # The next real change is asked again, even if the last one was minor.
    rgpd.corps = "<p>Nouvelle finalité du traitement.</p>"
    rgpd.modification_mineure = False
    rgpd.save_revision().publish()
    client.post("/deconnexion/")
    assert connecter(client, "F2001", NOUVEAU)["Location"] == CONSENTEMENTS
    assert Consentement.objects.filter(compte=compte).count() == 2


def test_l_editeur_est_prevenu_avant_et_apres_la_publication(
    rf, client, arbre, agent_communication
):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from home.signals import prevenir_l_editeur

    rgpd = DocumentsLegaux.load().rgpd_page.specific
    rgpd.modification_mineure = True  # the last version was a minor one…
    rgpd.save_revision().publish()
    client.force_login(agent_communication)
    edition = erreurs(client.get(f"/admin/pages/{rgpd.pk}/edit/"))
    mots = re.sub(r"<[^>]+>", "", edition)
    assert "chaque version publiée sera demandée de nouveau à toutes les familles" in mots
    assert "Modification mineure" in edition
    # …the box starts unticked all the same: each version is decided on its own.
    case = re.search(r'<input[^>]*name="modification_mineure"[^>]*>', edition).group(0)
    assert "checked" not in case

    for mineure, message in (
        (False, "toutes les familles devront l'accepter de nouveau"),
        (True, "les familles ne sont pas interrogées à nouveau"),
    ):
        requete = rf.post("/")
        requete.session = {}
        requete._messages = FallbackStorage(requete)
        rgpd.modification_mineure = mineure
        prevenir_l_editeur(requete, rgpd)
        assert message in " ".join(str(m) for m in get_messages(requete))


def test_deja_fait_la_connexion_va_a_l_accueil(client, arbre, creer_famille):
    creer_famille("F2002")
    reponse = connecter(client, "f2002", "Une phrase de passe solide")
    assert reponse["Location"] == "/"


def test_enregistre_ne_s_affiche_pas_avant_le_choix_du_mot_de_passe(client, nouvelle_famille):
    connecter(client)
    assert client.get(ENREGISTRE)["Location"] == MOT_DE_PASSE


def test_sauter_le_mot_de_passe_en_postant_les_consentements(client, nouvelle_famille):
    connecter(client)
    reponse = client.post(CONSENTEMENTS, {"rgpd": "on", "cgu": "on"})
    assert reponse["Location"] == MOT_DE_PASSE
    assert not Consentement.objects.exists()


def test_le_personnel_n_est_pas_concerne(client, arbre):
    Compte.objects.create(
        username="agent", is_staff=True, password=make_password("Agent-du-service-1")
    )
    reponse = connecter(client, "AGENT", "Agent-du-service-1")
    assert reponse["Location"] == "/admin/"


def test_argon2_est_le_hachage_des_reglages_de_base():
    from famille.comptes.hachage import Argon2OwaspHasher
    from portail.settings import base

    assert base.PASSWORD_HASHERS[0] == "famille.comptes.hachage.Argon2OwaspHasher"
    encode = Argon2OwaspHasher().encode("une balade au bord du lac", Argon2OwaspHasher().salt())
    assert encode.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert Argon2OwaspHasher().verify("une balade au bord du lac", encode)


def test_la_page_qui_suit_la_connexion_ne_reverifie_pas_les_consentements(client, nouvelle_famille):
    """Checked by the login itself: the Accueil that follows does not read them again."""
    connecter(client)
    choisir(client, NOUVEAU)
    client.post(CONSENTEMENTS, {"rgpd": "on", "cgu": "on"})
    client.post("/deconnexion/")
    assert connecter(client, "F2001", NOUVEAU)["Location"] == "/"
    with CaptureQueriesContext(connection) as requetes:
        assert client.get("/").status_code == 200
    assert not [q for q in requetes.captured_queries if "comptes_consentement" in q["sql"]]
