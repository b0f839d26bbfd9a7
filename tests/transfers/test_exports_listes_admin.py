"""The « Télécharger » buttons of the domain's own admin lists (Wagtail's list_export): CSV and
XLSX that follow the list's search and filters, formulas neutralised, health columns for the
Éducation group only."""

from __future__ import annotations

import datetime
import io

import pytest
import tablib

from famille.comptes.models import Compte
from famille.dossiers.models import Enfant, FicheSante


@pytest.fixture
def familles(creer_famille):
    martin = creer_famille("F5001", nom="Martin", prenom="Léa", ville="Cestas")
    piege = creer_famille("F5002", nom='=HYPERLINK("http://x")', prenom="Max", ville="Pessac")
    for foyer, prenom in ((martin, "Zoé"), (piege, "Noé")):
        enfant = Enfant.objects.create(
            nom=foyer.titulaire.last_name, prenom=prenom, date_naissance=datetime.date(2018, 4, 2)
        )
        foyer.gardes.create(enfant=enfant)
    FicheSante.objects.create(
        enfant=Enfant.objects.get(prenom="Zoé"), allergies="Arachide", pai=True
    )
    return martin, piege


def lire_csv(reponse) -> tablib.Dataset:
    contenu = b"".join(reponse.streaming_content).decode("utf-8-sig")
    return tablib.Dataset().load(contenu, format="csv", delimiter=";")


def test_export_des_comptes_famille_suit_la_recherche(client, education, familles):
    client.force_login(education)
    reponse = client.get("/admin/snippets/dossiers/foyer/", {"export": "csv", "q": "Cestas"})
    assert reponse.status_code == 200
    donnees = lire_csv(reponse)
    assert donnees["Numéro de famille"] == ["F5001"]
    assert donnees["Nom du titulaire"] == ["Martin"]


def test_export_neutralise_les_formules(client, education, familles):
    client.force_login(education)
    reponse = client.get("/admin/snippets/dossiers/foyer/", {"export": "csv"})
    donnees = lire_csv(reponse)
    assert '\'=HYPERLINK("http://x")' in donnees["Nom du titulaire"]

    reponse = client.get("/admin/snippets/dossiers/foyer/", {"export": "xlsx"})
    classeur = tablib.Dataset().load(io.BytesIO(b"".join(reponse.streaming_content)), format="xlsx")
    assert not any(str(v).startswith("=") for ligne in classeur for v in ligne)


def test_colonnes_sante_reservees_au_service_education(client, education, familles):
    client.force_login(education)
    donnees = lire_csv(client.get("/admin/snippets/dossiers/enfant/", {"export": "csv"}))
    assert "Allergies" in donnees.headers
    assert "Arachide" in donnees["Allergies"]

    from django.contrib.auth.models import Permission

    autre = Compte.objects.create_user("agent.autre", password="x", is_staff=True)
    autre.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_enfant"),
    )
    client.force_login(autre)
    donnees = lire_csv(client.get("/admin/snippets/dossiers/enfant/", {"export": "csv"}))
    assert "Allergies" not in donnees.headers and "PAI" not in donnees.headers
    assert sorted(donnees["prenom"] if "prenom" in donnees.headers else donnees["Prénom"]) == [
        "Noé",
        "Zoé",
    ]


def test_export_de_l_etat_des_dossiers(client, education, familles):
    from famille.dossiers.models import Campagne, DossierAnnuel

    campagne = Campagne.objects.create(
        annee_scolaire="2027-2028",
        rentree=datetime.date(2027, 9, 1),
        fin_annee=datetime.date(2028, 7, 5),
        ouverture=datetime.date(2027, 6, 1),
        cloture=datetime.date(2027, 8, 15),
    )
    martin, piege = familles
    DossierAnnuel.objects.create(
        foyer=martin, campagne=campagne, statut=DossierAnnuel.Statut.VALIDE
    )
    DossierAnnuel.objects.create(
        foyer=piege, campagne=campagne, statut=DossierAnnuel.Statut.INCOMPLET
    )
    client.force_login(education)
    reponse = client.get("/admin/dossiers-revue/", {"export": "csv", "statut": "valide"})
    assert reponse.status_code == 200
    donnees = lire_csv(reponse)
    assert donnees["Numéro de famille"] == ["F5001"]
    assert donnees["Statut"] == ["Validé"]
