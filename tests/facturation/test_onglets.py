"""The Historique and Paiement tabs: the month's lines by child and service with their
explanation, totals, the balance and what is still to come; a fixed number of queries; another
family's statement is a 404; a separated parent sees only his or her own foyer's lines."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from famille.dossiers.models import Garde
from famille.facturation.models import LigneCompte
from famille.facturation.services import consommations, factures, grand_livre

from .conftest import ajouter_enfant, reserver

MAINTENANT = datetime.datetime(2027, 3, 20, 12, tzinfo=datetime.UTC)
JOURS = [datetime.date(2027, 3, d) for d in (8, 9, 11, 12, 15, 16, 18)]


@pytest.fixture(autouse=True)
def _maintenant():
    # Autouse: the clock moves before the login, or the session would look 30 minutes idle.
    with time_machine.travel(MAINTENANT):
        yield


@pytest.fixture
def parent(parent_client, tarifs, cantine, garderie):
    foyer = parent_client.foyer
    foyer.lea = ajouter_enfant(foyer, "Léa", datetime.date(2018, 4, 2))
    return parent_client


def facturer(foyer, enfant, prestation, jours):
    for jour in jours:
        reserver(foyer, enfant, prestation, jour)
        consommations.facturer_jour(jour)


def test_historique_par_enfant_et_service_avec_explication(parent, cantine, garderie):
    foyer = parent.foyer
    facturer(foyer, foyer.lea, cantine, JOURS[:2])
    facturer(foyer, foyer.lea, garderie, JOURS[:1])
    grand_livre.enregistrer_operation(
        None,
        foyer_id=foyer.pk,
        structure_id=cantine.structure_id,
        type_="paiement",
        montant=Decimal("5.00"),
        jour=datetime.date(2027, 3, 10),
        libelle="Paiement au guichet",
    )
    html = parent.get("/historique/").content.decode()
    assert "Mars 2027" in html and "Février 2027" in html
    assert "Léa — Restauration scolaire" in html
    assert "6,90\u00a0€" in html  # two meals at 3,45 €
    assert "Total des consommations : 9,00\u00a0€" in html
    assert "Paiement au guichet" in html and "5,00\u00a0€" in html
    assert "<details>" in html
    assert "Réservation n° " in html and "QF inconnu : tranche la plus haute" in html
    assert "montant restant à régler de 4,00\u00a0€" in html  # a warning, never a block


def test_historique_en_nombre_de_requetes_fixe(parent, cantine, django_assert_num_queries):
    foyer = parent.foyer
    facturer(foyer, foyer.lea, cantine, JOURS[:1])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    parent.get("/historique/")  # the first request of a session reads a few more things
    with CaptureQueriesContext(connection) as peu:
        assert parent.get("/historique/").status_code == 200
    facturer(foyer, foyer.lea, cantine, JOURS[1:])
    tom = ajouter_enfant(foyer, "Tom", datetime.date(2020, 1, 1))
    facturer(foyer, tom, cantine, JOURS[:3])
    factures.emettre(foyer.pk, cantine.structure_id, datetime.date(2027, 1, 1))
    with django_assert_num_queries(len(peu.captured_queries)):
        reponse = parent.get("/historique/")
    assert reponse.content.decode().count('data-testid="ligne"') == 10


def test_paiement_solde_et_reservations_a_venir(parent, cantine):
    foyer = parent.foyer
    facturer(foyer, foyer.lea, cantine, JOURS[:1])
    reserver(foyer, foyer.lea, cantine, datetime.date(2027, 3, 22))
    reserver(foyer, foyer.lea, cantine, datetime.date(2027, 3, 23))
    html = parent.get("/paiement/").content.decode()
    assert 'data-testid="solde">-3,45\u00a0€' in html
    assert "Montant estimé des réservations à venir : <strong>6,90\u00a0€" in html
    assert "Effectuer un règlement" in html


def test_facture_d_une_autre_famille_404(parent, creer_famille, cantine):
    autre = creer_famille("F5009")
    facturer(autre, ajouter_enfant(autre, "Max", datetime.date(2019, 1, 1)), cantine, JOURS[:1])
    facture = factures.emettre(autre.pk, cantine.structure_id, datetime.date(2027, 3, 1))
    assert parent.get(f"/historique/releve/{facture.pk}/pdf/").status_code == 404


def test_facture_pdf_de_sa_famille(parent, cantine):
    foyer = parent.foyer
    facturer(foyer, foyer.lea, cantine, [datetime.date(2027, 1, 11)])
    facture = factures.emettre(foyer.pk, cantine.structure_id, datetime.date(2027, 1, 1))
    html = parent.get("/historique/").content.decode()
    assert f"Facture {facture.reference}" in html
    reponse = parent.get(f"/historique/releve/{facture.pk}/pdf/")
    assert reponse.status_code == 200
    assert reponse.content.startswith(b"%PDF")


def test_parent_separe_ne_voit_que_son_foyer(parent, creer_famille, cantine, client):
    foyer = parent.foyer
    autre_parent = creer_famille("F5010")
    Garde.objects.create(foyer=autre_parent, enfant=foyer.lea, regle="impaires")
    reserver(foyer, foyer.lea, cantine, JOURS[0])
    reserver(autre_parent, foyer.lea, cantine, JOURS[1])
    for jour in JOURS[:2]:
        consommations.facturer_jour(jour)
    assert LigneCompte.objects.filter(foyer=autre_parent).count() == 1
    html = parent.get("/historique/").content.decode()
    assert html.count('data-testid="ligne"') == 1
    assert "mardi 9 mars" not in html


def test_paiement_dit_ou_regler_au_guichet(parent):
    from home.models import ParametresPortail

    contact = ParametresPortail.load()
    contact.guichet = "Mairie, 2 avenue du Baron Haussmann"
    contact.telephone = "05 56 78 13 00"
    contact.email = "education@exemple.fr"
    contact.save()
    html = parent.get("/paiement/").content.decode()
    assert "Vous pouvez aussi régler au guichet (espèces, chèque, CESU, carte bancaire)" in html
    assert "2 avenue du Baron Haussmann" in html and "05 56 78 13 00" in html
    assert 'href="mailto:education@exemple.fr"' in html
