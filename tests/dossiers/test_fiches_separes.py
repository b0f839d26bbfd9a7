"""Separated parents: the second parent updates the children's fiches, never the other foyer."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from famille.dossiers.models import (
    Campagne,
    Contact,
    Enfant,
    FicheSante,
    Garde,
    Modification,
    ResponsableLegal,
)
from famille.dossiers.services import rattacher_enfant


@pytest.fixture
def separes(arbre, creer_famille, client):
    aujourdhui = timezone.localdate()
    Campagne.objects.create(
        annee_scolaire=f"{aujourdhui.year}-{aujourdhui.year + 1}",
        rentree=datetime.date(aujourdhui.year, 9, 1),
        fin_annee=datetime.date(aujourdhui.year + 1, 7, 5),
        ouverture=aujourdhui - datetime.timedelta(days=5),
        cloture=aujourdhui + datetime.timedelta(days=30),
    )
    mere = creer_famille(adresse="3 allée des Mimosas", ville="Cestas", code_postal="33610")
    pere = creer_famille(adresse="8 rue du Port", ville="Bordeaux", code_postal="33000")
    enfant = Enfant.objects.create(
        nom="Petit", prenom="Lucas", date_naissance=datetime.date(2017, 5, 2)
    )
    rattacher_enfant(mere, enfant, Garde.Regle.SEMAINES_PAIRES)
    rattacher_enfant(pere, enfant, Garde.Regle.SEMAINES_IMPAIRES)
    ResponsableLegal.objects.create(
        foyer=mere, nom="Petit", prenom="Julie", lien="mere", telephone="0600000001"
    ).enfants.add(enfant)
    client.force_login(pere.titulaire)
    return client, mere, pere, enfant


def test_second_parent_met_a_jour_la_fiche_sante(separes):
    client, mere, pere, enfant = separes
    url = f"/dossier-famille/sante/{enfant.pk}/"
    assert client.get(url).status_code == 200
    reponse = client.post(
        url,
        {
            "medecin_nom": "Dr Martin",
            "pai": "False",
            "regime": "vegetarien",
            "besoins_particuliers": "False",
        },
    )
    assert reponse.status_code == 302
    assert FicheSante.objects.get(enfant=enfant).medecin_nom == "Dr Martin"
    modification = Modification.objects.get(fiche="sante")
    assert modification.auteur == pere.titulaire and modification.foyer == pere


def test_second_parent_autorisations_et_contacts(separes):
    client, mere, pere, enfant = separes
    assert client.get(f"/dossier-famille/autorisations/{enfant.pk}/").status_code == 200
    prefixe = f"contacts-{enfant.pk}"
    reponse = client.post(
        "/dossier-famille/contacts/",
        {
            f"{prefixe}-TOTAL_FORMS": "1",
            f"{prefixe}-INITIAL_FORMS": "0",
            f"{prefixe}-0-prenom": "Paul",
            f"{prefixe}-0-nom": "Petit",
            f"{prefixe}-0-lien": "oncle",
            f"{prefixe}-0-telephone": "06 00 00 00 09",
            f"{prefixe}-0-peut_recuperer": "on",
        },
    )
    assert reponse.status_code == 302
    assert Contact.objects.get(enfant=enfant).prenom == "Paul"


def test_fiche_famille_ne_montre_que_son_propre_foyer(separes):
    client, mere, pere, enfant = separes
    html = client.get("/dossier-famille/famille/").content.decode()
    assert "8 rue du Port" in html
    assert "3 allée des Mimosas" not in html
    assert "Julie" not in html  # the other foyer's responsable légal
    assert "Lucas Petit" in html  # the shared child can be linked to this foyer's responsables
    client.post(
        "/dossier-famille/famille/",
        {
            "foyer-adresse": "10 rue du Port",
            "foyer-code_postal": "33000",
            "foyer-ville": "Bordeaux",
            "foyer-telephone": "0611223344",
            "foyer-situation": "separes",
            "foyer-nombre_enfants": "1",
            "foyer-regime": "aucun",
            "foyer-reside_commune": "False",
            "responsables-TOTAL_FORMS": "1",
            "responsables-INITIAL_FORMS": "0",
            "responsables-0-prenom": "Thomas",
            "responsables-0-nom": "Petit",
            "responsables-0-lien": "pere",
            "responsables-0-telephone": "0611223344",
            "responsables-0-enfants": [enfant.pk],
        },
    )
    mere.refresh_from_db()
    pere.refresh_from_db()
    assert pere.adresse == "10 rue du Port" and mere.adresse == "3 allée des Mimosas"
    assert list(mere.responsables.values_list("prenom", flat=True)) == ["Julie"]
    assert list(pere.responsables.values_list("prenom", flat=True)) == ["Thomas"]


def test_responsable_ne_peut_etre_rattache_a_un_enfant_d_une_autre_famille(separes, creer_famille):
    client, mere, pere, enfant = separes
    etranger = Enfant.objects.create(
        nom="X", prenom="Zoé", date_naissance=datetime.date(2016, 1, 1)
    )
    rattacher_enfant(creer_famille(), etranger)
    reponse = client.post(
        "/dossier-famille/famille/",
        {
            "foyer-adresse": "10 rue du Port",
            "foyer-code_postal": "33000",
            "foyer-ville": "Bordeaux",
            "foyer-telephone": "0611223344",
            "foyer-situation": "separes",
            "foyer-nombre_enfants": "1",
            "foyer-regime": "aucun",
            "foyer-reside_commune": "False",
            "responsables-TOTAL_FORMS": "1",
            "responsables-INITIAL_FORMS": "0",
            "responsables-0-prenom": "Thomas",
            "responsables-0-nom": "Petit",
            "responsables-0-lien": "pere",
            "responsables-0-telephone": "0611223344",
            "responsables-0-enfants": [etranger.pk],
        },
    )
    assert reponse.status_code == 200
    assert not ResponsableLegal.objects.filter(enfants=etranger).exists()
