"""Staff edits of a Compte famille in the Wagtail snippet editor: the foyer and its titulaire
(name, e-mails checked like the parent's profile), each change kept in the history with the
staff member as author, e-mail changes in the security log."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from famille.comptes.models import Compte, Evenement
from famille.comptes.roles import EDUCATION, installer_groupes
from famille.dossiers.models import Foyer, Modification


@pytest.fixture
def agent(arbre):
    groupes = installer_groupes()
    compte = Compte.objects.create_user(
        username="edith", password="x", is_staff=True, first_name="Edith", last_name="Agent"
    )
    compte.groups.set([groupes[EDUCATION]])
    return compte


@pytest.fixture
def education(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def foyer(creer_famille):
    foyer = creer_famille(nom="Durand", prenom="Léa", emails="lea@exemple.fr")
    Foyer.objects.filter(pk=foyer.pk).update(
        adresse="1 rue Haute", code_postal="33610", ville="Cestas", telephone="0556000001"
    )
    foyer.refresh_from_db()
    return foyer


def edition(foyer: Foyer) -> str:
    return reverse("wagtailsnippets_dossiers_foyer:edit", args=[foyer.pk])


def donnees(foyer: Foyer, **autres) -> dict:
    titulaire = foyer.titulaire
    valeurs = {
        "prenom_titulaire": titulaire.first_name,
        "nom_titulaire": titulaire.last_name,
        "emails_titulaire": titulaire.emails,
        "adresse": foyer.adresse,
        "complement_adresse": foyer.complement_adresse,
        "code_postal": foyer.code_postal,
        "ville": foyer.ville,
        "telephone": foyer.telephone,
        "telephone_secours": foyer.telephone_secours,
        "situation": foyer.situation,
        "nombre_enfants": foyer.nombre_enfants if foyer.nombre_enfants is not None else "",
        "regime": foyer.regime,
        "numero_allocataire": foyer.numero_allocataire,
        # Ticked boxes only, as a browser sends them.
        "reside_commune": "on" if foyer.reside_commune else None,
        "dossier_papier": "on" if foyer.dossier_papier else None,
        **autres,
    }
    return {cle: valeur for cle, valeur in valeurs.items() if valeur is not None}


def texte(reponse) -> str:
    return unescape(reponse.content.decode())


def test_le_formulaire_montre_le_titulaire(education, foyer):
    html = texte(education.get(edition(foyer)))
    assert "Titulaire du compte" in html
    assert 'value="Léa"' in html and 'value="lea@exemple.fr"' in html


def test_modifier_le_foyer_ecrit_l_historique_avec_l_agent(education, foyer, agent):
    reponse = education.post(edition(foyer), donnees(foyer, adresse="9 avenue Basse"))
    assert reponse.status_code == 302
    foyer.refresh_from_db()
    assert foyer.adresse == "9 avenue Basse"
    modification = Modification.objects.get(foyer=foyer)
    assert modification.fiche == "famille" and modification.auteur == agent
    assert modification.changements == {"Adresse": ["1 rue Haute", "9 avenue Basse"]}
    # Visible to staff in « Historique des fiches », with who did it.
    html = texte(education.get("/admin/historique-fiches/", {"q": foyer.numero}))
    assert "9 avenue Basse" in html and "Edith Agent" in html


def test_enregistrer_sans_changement_n_ecrit_rien(education, foyer):
    assert education.post(edition(foyer), donnees(foyer)).status_code == 302
    assert not Modification.objects.filter(foyer=foyer).exists()
    assert not Evenement.objects.filter(type=Evenement.Type.EMAILS).exists()


def test_nom_et_emails_du_titulaire(education, foyer, agent):
    reponse = education.post(
        edition(foyer),
        donnees(
            foyer,
            nom_titulaire="Durand-Martin",
            emails_titulaire="lea.dm@exemple.fr ; lea@travail.fr",
        ),
    )
    assert reponse.status_code == 302
    titulaire = Compte.objects.get(pk=foyer.titulaire.pk)
    assert titulaire.last_name == "Durand-Martin"
    assert titulaire.liste_emails == ["lea.dm@exemple.fr", "lea@travail.fr"]
    assert titulaire.email == "lea.dm@exemple.fr"
    changements = Modification.objects.get(foyer=foyer).changements
    assert changements["Nom du titulaire"] == ["Durand", "Durand-Martin"]
    assert changements["Adresses e-mail du titulaire"] == [
        "lea@exemple.fr",
        "lea.dm@exemple.fr; lea@travail.fr",
    ]
    evenement = Evenement.objects.get(type=Evenement.Type.EMAILS, compte=titulaire)
    assert evenement.auteur == agent
    assert "lea" not in evenement.detail  # counts only in the security log


def test_foyer_et_titulaire_dans_la_meme_ligne_d_historique(education, foyer):
    education.post(edition(foyer), donnees(foyer, ville="Pessac", prenom_titulaire="Léna"))
    modification = Modification.objects.get(foyer=foyer)
    assert modification.changements == {
        "Ville": ["Cestas", "Pessac"],
        "Prénom du titulaire": ["Léa", "Léna"],
    }


def test_adresse_invalide_nommee_et_rien_n_est_enregistre(education, foyer):
    reponse = education.post(
        edition(foyer),
        donnees(foyer, adresse="9 avenue Basse", emails_titulaire="lea@exemple.fr, autre@x.fr"),
    )
    assert reponse.status_code == 200
    html = texte(reponse)
    assert "L'adresse « lea@exemple.fr, autre@x.fr » n'est pas valide." in html
    assert "Séparez les adresses par un point-virgule (;)." in html
    foyer.refresh_from_db()
    assert foyer.adresse == "1 rue Haute"
    assert Compte.objects.get(pk=foyer.titulaire.pk).emails == "lea@exemple.fr"
    assert not Modification.objects.filter(foyer=foyer).exists()


def test_nom_obligatoire_et_adresses_non_effacables(education, foyer):
    reponse = education.post(edition(foyer), donnees(foyer, nom_titulaire="", emails_titulaire=""))
    assert reponse.status_code == 200
    html = texte(reponse)
    assert "Ce champ est à renseigner." in html
    assert "Saisissez au moins une adresse e-mail." in html
    assert Compte.objects.get(pk=foyer.titulaire.pk).last_name == "Durand"


def test_famille_sans_e_mail_reste_sans_e_mail(education, creer_famille):
    sans = creer_famille(nom="Sansnet", emails="")
    Foyer.objects.filter(pk=sans.pk).update(code_postal="33610", ville="Cestas")
    sans.refresh_from_db()
    reponse = education.post(edition(sans), donnees(sans, emails_titulaire="", adresse="2 rue"))
    assert reponse.status_code == 302
    assert Modification.objects.get(foyer=sans).changements == {"Adresse": ["", "2 rue"]}
