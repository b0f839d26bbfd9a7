"""Issue 11.11 (a, b): the calendar page of a family of three children over eight weeks is read
in a fixed number of queries whatever the number of children and days; booking the whole
period for three children (about 350 days) is one request with bulk writes."""

from __future__ import annotations

import datetime
import traceback

import pytest
import time_machine
from aides_reservations import paris
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from test_onglet_reservations import ajouter_enfants, charge, creer_periode, url

from famille.dossiers.models import Garde
from famille.reservations.models import (
    CapaciteJour,
    Fermeture,
    PeriodeReservation,
    Prestation,
    Reservation,
)

MAX_REQUETES_CALENDRIER = 20
# What the Réservations page itself reads (the period, the grid: children, prestations and
# their restrictions, closures, bookings, free places, the dossier-rules verdicts in two),
# besides the portal's frame (session, account with its foyer, page routing, tabs, settings)
# every tab pays. The whole request: 19 queries (README, « Requêtes par page »).
MAX_REQUETES_PROPRES = 11


def requetes(client, adresse) -> tuple[int, int]:
    """(all the queries of a GET, those issued by the Réservations code itself)."""
    client.get(adresse)  # the first visit of a session fills caches: measure the next one
    propres = []

    def noter(execute, sql, params, many, context):
        pile = traceback.extract_stack()
        propres.append(any("famille/reservations/" in cadre.filename for cadre in pile))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(noter):
        assert client.get(adresse).status_code == 200
    return len(propres), sum(propres)


def _de_quoi_tout_lire(structure, enfants):
    """A capped prestation, a closure of some prestations and held days (booked, and waiting
    when there are two children) in the first week, common to both periods: every branch of
    the grid's reads runs."""
    mercredi = Prestation.objects.get(code="mercredi")
    mercredi.capacite = 1
    mercredi.save()
    premier = PeriodeReservation.objects.order_by("debut").first().debut
    if not Fermeture.objects.exists():
        greve = Fermeture.objects.create(
            structure=structure, debut=premier, fin=premier, motif="Grève"
        )
        greve.prestations.add(Prestation.objects.get(code="resto"))
    foyer = Garde.objects.get(enfant=enfants[0]).foyer
    jour = premier + datetime.timedelta(days=2)
    CapaciteJour.objects.create(prestation=mercredi, date=jour, capacite=1, reservees=1)
    for enfant, statut in zip(enfants, ("reservee", "attente"), strict=False):
        Reservation.objects.create(
            foyer=foyer, enfant=enfant, prestation=mercredi, date=jour, statut=statut
        )


@pytest.fixture
def rentree(parent_client):
    """Monday 30 August 2027: the periods start on 20 September, clear of school holidays for
    their first weeks (the days of a test run in December would be Christmas holidays)."""
    with time_machine.travel(paris("2027-08-30T10:00"), tick=True):
        parent_client.force_login(parent_client.foyer.titulaire)
        yield


def test_le_calendrier_en_requetes_fixes(
    parent_client, structure, rentree, django_assert_max_num_queries
):
    from django.template.loader import render_to_string

    from famille.reservations import presentation
    from famille.reservations.services.grille import construire_grille

    petit = creer_periode(structure, semaines=1, nom="Une semaine")
    enfants = ajouter_enfants(parent_client.foyer, ("Léo",))
    grand = creer_periode(structure, semaines=8, nom="Huit semaines")
    _de_quoi_tout_lire(structure, enfants)
    un_enfant, propres_un = requetes(parent_client, url("periode", petit.pk))

    Reservation.objects.all().delete()
    CapaciteJour.objects.all().delete()
    enfants += ajouter_enfants(parent_client.foyer, ("Emma", "Jules"))
    _de_quoi_tout_lire(structure, enfants)
    # Three times the children, eight times the days: not one query more for the whole page
    # (the portal's frame — tabs, header, session, page routing — included), nor for its own
    # part; the whole request within the budget.
    tous, propres = requetes(parent_client, url("periode", grand.pk))
    assert (tous, propres) == (un_enfant, propres_un)
    assert tous <= MAX_REQUETES_CALENDRIER, tous
    assert propres <= MAX_REQUETES_PROPRES, propres
    page = _page()
    requete = RequestFactory().get(url("periode", grand.pk))
    requete.user = parent_client.foyer.titulaire
    # The calendar itself (the grid read by the services, shaped and rendered) within budget.
    with django_assert_max_num_queries(MAX_REQUETES_CALENDRIER):
        grille = construire_grille(parent_client.foyer.titulaire, grand)
        lignes = presentation.lignes(grille)
        rendu = render_to_string(
            "reservations/includes/calendrier.html",
            {"grille": grille, "lignes": lignes, "periode": grand, "page": page},
            request=requete,
        )
    # Three children, eight weeks less the school holidays that fall in them.
    assert rendu.count('name="cases"') > 200
    assert "Grève" in rendu and "rang 1" in rendu


def _page():
    from famille.reservations.pages import ReservationsPage

    return ReservationsPage.instance()


@pytest.mark.parametrize("rythme", ["toutes"])
def test_toute_la_periode_pour_trois_enfants_en_une_requete(
    parent_client, structure, django_capture_on_commit_callbacks, rythme
):
    enfants = ajouter_enfants(parent_client.foyer)
    periode = creer_periode(structure)
    semaine = [
        f"{p.pk}.{jour}" for p in Prestation.objects.all() for jour in map(int, p.jours.split(","))
    ]
    recap = parent_client.post(
        url("semaine_type", periode.pk),
        {"enfants": [e.pk for e in enfants], "semaine": semaine, "rythme": rythme},
    )
    assert recap.status_code == 200
    with CaptureQueriesContext(connection) as requetes:
        with django_capture_on_commit_callbacks(execute=True):
            reponse = parent_client.post(url("confirmer", periode.pk), {"charge": charge(recap)})
    assert reponse.status_code == 302
    reservees = Reservation.objects.filter(statut="reservee").count()
    # Every open day of four services for three children (school holidays are closed).
    assert reservees > 200
    # Bulk writes: far fewer statements than rows.
    ecritures = [q for q in requetes.captured_queries if q["sql"].startswith("INSERT")]
    assert len(ecritures) < 10, len(ecritures)
    assert len(requetes) < 60, len(requetes)
