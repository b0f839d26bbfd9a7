"""Issue 11.11 (a, b): the calendar page of a family of three children over eight weeks is read
in a fixed number of queries whatever the number of children and days; booking the whole
period for three children (about 350 days) is one request with bulk writes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from test_onglet_reservations import ajouter_enfants, charge, creer_periode, url

from famille.reservations.models import Prestation, Reservation

MAX_REQUETES_CALENDRIER = 20


def requetes(client, adresse) -> int:
    client.get(adresse)  # the first visit of a session fills caches: measure the next one
    with CaptureQueriesContext(connection) as capture:
        assert client.get(adresse).status_code == 200
    return len(capture)


def test_le_calendrier_en_requetes_fixes(parent_client, structure, django_assert_max_num_queries):
    from django.template.loader import render_to_string

    from famille.reservations import presentation
    from famille.reservations.services.grille import construire_grille

    petit = creer_periode(structure, semaines=2, nom="Deux semaines")
    ajouter_enfants(parent_client.foyer, ("Léo",))
    un_enfant = requetes(parent_client, url("periode", petit.pk))

    grand = creer_periode(structure, semaines=8, nom="Huit semaines")
    ajouter_enfants(parent_client.foyer, ("Emma", "Jules"))
    # Three times the children, four times the days: not one query more for the whole page
    # (the portal's frame — tabs, header, session — included).
    assert requetes(parent_client, url("periode", grand.pk)) == un_enfant
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
