"""The waiting room never sends back a family in the middle of its booking (issue 15.5): the
calendar of an open period gives it the booking pass (not the countdown: the families waiting
for the opening queue at the opening minute); its choices POSTed to the Réservations tab while
the server is saturated — even without (or after the expiry of) its short admission pass — are
checked and confirmed, and the page the confirmation leads to is shown, not the waiting room.
Per process here; tests/test_salle_attente.py covers the Redis variant of the same rule."""

from __future__ import annotations

import pytest
from test_onglet_reservations import ajouter_enfants, cases, charge, creer_periode, texte, url

from famille.reservations.models import Reservation
from portail import salle_attente


@pytest.fixture
def salle(settings):
    settings.SALLE_ATTENTE_LIMITE = 1
    settings.SALLE_ATTENTE_LIMITE_PROCESSUS = 1
    settings.SALLE_ATTENTE_REDIS_URL = ""
    salle_attente.reinitialiser()
    yield salle_attente.service()
    salle_attente.reinitialiser()


def test_une_reservation_en_cours_n_est_jamais_renvoyee_en_salle_d_attente(
    salle, parent_client, structure, django_capture_on_commit_callbacks
):
    ajouter_enfants(parent_client.foyer)
    periode = creer_periode(structure)
    page = parent_client.get(url())
    choisies = cases(page)[:3]
    # The rush starts and the family's admission cookie is gone (expired during a long visit).
    salle.entrer()
    parent_client.cookies.pop(salle_attente.COOKIE_ADMIS, None)

    recap = parent_client.post(url("periode", periode.pk), {"cases": choisies})
    assert recap.status_code == 200
    assert "Vérifier avant de confirmer" in texte(recap)
    assert "X-Salle-Attente" not in recap.headers
    with django_capture_on_commit_callbacks(execute=True):
        fait = parent_client.post(
            url("confirmer", periode.pk), {"charge": charge(recap)}, follow=True
        )
    assert "X-Salle-Attente" not in fait.headers
    assert "Salle d'attente" not in texte(fait)
    assert Reservation.objects.filter(statut="reservee").count() == 3

    # Its booking POSTs gave it the booking pass: the next pages are never the waiting room.
    assert salle_attente.COOKIE_RESERVATION in parent_client.cookies
    assert "X-Salle-Attente" not in parent_client.get(url()).headers


def test_le_calendrier_ouvert_protege_la_famille_pas_le_compte_a_rebours(
    salle, parent_client, structure
):
    ajouter_enfants(parent_client.foyer)
    creer_periode(structure, ouverte=False)
    compte_a_rebours = parent_client.get(url())
    assert salle_attente.COOKIE_RESERVATION not in compte_a_rebours.cookies
    parent_client.cookies.pop(salle_attente.COOKIE_ADMIS, None)
    salle.entrer()  # the opening minute's rush
    assert "X-Salle-Attente" in parent_client.get(url()).headers

    salle.sortir(salle_attente.LOCAL)
    ouverte = creer_periode(structure, nom="Période ouverte")
    calendrier = parent_client.get(url("periode", ouverte.pk))
    assert calendrier.status_code == 200
    assert salle_attente.COOKIE_RESERVATION in calendrier.cookies
    salle.entrer()
    parent_client.cookies.pop(salle_attente.COOKIE_ADMIS, None)
    assert "X-Salle-Attente" not in parent_client.get(url("periode", ouverte.pk)).headers


def test_un_nouvel_arrivant_attend_pendant_ce_temps(salle, parent_client, client, arbre):
    salle.entrer()
    assert client.get("/")["X-Salle-Attente"] == "1"
