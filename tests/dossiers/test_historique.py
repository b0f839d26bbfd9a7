"""History of the fiches: who changed what and when; health values for the Éducation group only."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group

from famille.comptes.models import Compte
from famille.comptes.roles import EDUCATION, installer_groupes
from famille.dossiers.models import Enfant, FicheSante, Foyer, Modification
from famille.dossiers.services import historique, rattacher_enfant


@pytest.fixture
def enfant(creer_famille):
    foyer = creer_famille()
    enfant = Enfant.objects.create(
        nom="Roy", prenom="Tom", date_naissance=datetime.date(2018, 4, 1)
    )
    rattacher_enfant(foyer, enfant)
    enfant.foyer = foyer
    return enfant


def agent(nom: str, groupe: str | None) -> Compte:
    installer_groupes()
    compte = Compte.objects.create_user(nom, password="x" * 14, is_staff=True)
    if groupe:
        compte.groups.add(Group.objects.get(name=groupe))
    return compte


def modifier_sante(enfant, auteur, **valeurs) -> Modification | None:
    fiche = FicheSante.objects.filter(enfant=enfant).first() or FicheSante(enfant=enfant)

    def sauvegarde():
        for champ, valeur in valeurs.items():
            setattr(fiche, champ, valeur)
        fiche.save()

    return historique.enregistrer(
        "sante", sauvegarde, auteur=auteur, foyer=enfant.foyer, enfant=enfant
    )


def test_enregistrer_garde_qui_quand_quoi(enfant):
    parent = enfant.foyer.titulaire
    premiere = modifier_sante(enfant, parent, allergies="Arachide", pai=True)
    assert premiere.changements["Allergies"] == [None, "Arachide"]
    assert premiere.changements["Projet d'accueil individualisé (PAI)"] == [None, "Oui"]
    seconde = modifier_sante(enfant, parent, allergies="Arachide, lait")
    assert seconde.changements == {"Allergies": ["Arachide", "Arachide, lait"]}
    assert seconde.auteur == parent and seconde.sante and seconde.date
    assert modifier_sante(enfant, parent, allergies="Arachide, lait") is None  # nothing changed


def test_modification_par_le_service_tracee(enfant):
    agente = agent("agente", EDUCATION)
    foyer = enfant.foyer

    def sauvegarde():
        Foyer.objects.filter(pk=foyer.pk).update(ville="Pessac")

    modification = historique.enregistrer("famille", sauvegarde, auteur=agente, foyer=foyer)
    assert modification.auteur == agente
    assert modification.changements["Ville"] == ["", "Pessac"]


def test_valeurs_de_sante_masquees_hors_groupe_education(enfant):
    modification = modifier_sante(enfant, enfant.foyer.titulaire, allergies="Arachide")
    lignes = historique.afficher(modification, agent("regie", "Régie"))
    assert all(
        ligne.avant == historique.MASQUE and ligne.apres == historique.MASQUE for ligne in lignes
    )
    assert "Allergies" in [ligne.champ for ligne in lignes]  # which field changed stays visible
    lignes = historique.afficher(modification, agent("educ", EDUCATION))
    assert ("Allergies", "—", "Arachide") in [(x.champ, x.avant, x.apres) for x in lignes]


def test_page_admin_historique(client, enfant):
    modifier_sante(enfant, enfant.foyer.titulaire, allergies="Arachide")
    client.force_login(agent("educ", EDUCATION))
    html = client.get("/admin/historique-fiches/").content.decode()
    assert "Historique des fiches" in html and "Arachide" in html
    assert enfant.foyer.numero in html
    client.force_login(agent("regie", "Régie"))
    refus = client.get("/admin/historique-fiches/")
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    assert refus.status_code == 302 and refus["Location"] == "/admin/"


def test_parent_n_accede_pas_a_l_historique_admin(client, enfant):
    client.force_login(enfant.foyer.titulaire)
    reponse = client.get("/admin/historique-fiches/")
    assert reponse.status_code in (302, 403)
    assert "Arachide" not in reponse.content.decode()


def test_admin_campagnes_pour_le_groupe_education(client, db):
    client.force_login(agent("educ", EDUCATION))
    assert client.get("/admin/campagnes/").status_code == 200
    reponse = client.post(
        "/admin/campagnes/new/",
        {
            "annee_scolaire": "2031-2032",
            "rentree": "2031-09-01",
            "fin_annee": "2032-07-06",
            "ouverture": "2031-06-01",
            "cloture": "2031-08-15",
            "relances": "30,15,3",
        },
    )
    assert reponse.status_code == 302
    from famille.dossiers.models import Campagne

    assert Campagne.objects.get().cloture == datetime.date(2031, 8, 15)
    client.force_login(agent("com", "Communication"))
    assert client.get("/admin/campagnes/").status_code in (302, 403)
