"""A plain page view writes nothing in the database (issue 15.4): on an opening morning
thousands of families refresh their pages, and a write per view (a session saved, a « last
seen » date) would queue them behind the bookings' row locks. A session is refreshed at most
once a minute (famille/comptes/middleware.py); the views below are within that minute."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from test_cadre_requetes import _pages_parent

from famille.dossiers.models import Enfant, Garde
from famille.reservations.models import PeriodeReservation, Prestation
from famille.reservations.pages import ReservationsPage

ECRITURES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def ecritures(client, adresse: str) -> list[str]:
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(adresse)
    assert reponse.status_code == 200, adresse
    return [
        q["sql"]
        for q in requetes.captured_queries
        if q["sql"].lstrip().upper().startswith(ECRITURES)
    ]


@pytest.fixture
def periode_a_venir(parent_client, structure):
    """Two children and a period opening in two days: the Réservations tab is its countdown."""
    for prenom in ("Léo", "Emma"):
        enfant = Enfant.objects.create(
            nom="Martin", prenom=prenom, date_naissance=datetime.date(2017, 3, 1)
        )
        Garde.objects.create(foyer=parent_client.foyer, enfant=enfant)
    lundi = timezone.localdate() + datetime.timedelta(days=21 - timezone.localdate().weekday())
    periode = PeriodeReservation.objects.create(
        structure=structure,
        nom="Période à venir",
        debut=lundi,
        fin=lundi + datetime.timedelta(weeks=4, days=-3),
        ouverture=timezone.now() + datetime.timedelta(days=2),
    )
    periode.prestations.set(
        [
            Prestation.objects.create(
                structure=structure,
                code="cantine",
                nom="Cantine",
                type="restauration",
                jours="1,2,4,5",
                capacite=100,
            )
        ]
    )
    return periode


def test_les_pages_du_parent_n_ecrivent_rien(parent_client, periode_a_venir):
    parent_client.get("/")  # the session's first refresh after the login: one write
    enfant = Enfant.objects.filter(gardes__foyer=parent_client.foyer).first()
    for adresse in [*_pages_parent(enfant, campagne=False), ReservationsPage.url_de("accueil")]:
        assert ecritures(parent_client, adresse) == [], adresse
    assert (
        "Les réservations ouvrent le"
        in parent_client.get(ReservationsPage.url_de("accueil")).content.decode()
    )
    # The countdown refreshed again and again: still nothing.
    for _ in range(3):
        assert ecritures(parent_client, ReservationsPage.url_de("accueil")) == []


@pytest.mark.parametrize("cache_pages", [0, 60])
def test_un_visiteur_n_ecrit_rien(arbre, settings, cache_pages):
    from django.core.cache import caches

    from home.models import ParametresPortail

    ParametresPortail.load()  # created once on a running site
    settings.PAGES_PUBLIQUES_DUREE = cache_pages
    caches["pages_locales"].clear()
    for adresse in ["/", "/faq/", "/contact/", "/connexion/", "/", "/faq/"]:
        assert ecritures(Client(), adresse) == [], adresse
    caches["pages_locales"].clear()
