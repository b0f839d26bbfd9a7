"""The countdown of the Réservations tab refreshed by thousands of families before a period
opens (issue 15.4): what every family shares (the period, its prestations and their rules, its
days and closures) is read once every RESERVATIONS_DUREE_DONNEES_PERIODE seconds per process,
not once per page, before and after the opening; a confirmation reads it afresh."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from test_onglet_reservations import cases, charge, texte, url

from famille.reservations.models import Fermeture, Prestation, Reservation

PARTAGEES = ("reservations_prestation", "reservations_fermeture", "reservations_periodereservation")


@pytest.fixture
def deux_familles(deux_familles_avant_ouverture, settings):
    settings.RESERVATIONS_DUREE_DONNEES_PERIODE = 5
    caches["pages_locales"].clear()
    yield deux_familles_avant_ouverture
    caches["pages_locales"].clear()


def lectures(client) -> tuple[str, list[str]]:
    """(the page's text, the tables its queries read FROM)."""
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url())
    assert reponse.status_code == 200
    tables = [
        table
        for q in requetes.captured_queries
        for table in PARTAGEES
        if f'FROM "{table}"' in q["sql"]
    ]
    return texte(reponse), tables


def test_la_seconde_famille_ne_relit_pas_ce_qui_est_commun(deux_familles):
    premiere, seconde, _ = deux_familles
    contenu, tables = lectures(premiere)
    assert "Les réservations ouvrent le" in contenu and set(tables) == set(PARTAGEES)
    contenu, tables = lectures(seconde)
    assert "Les réservations ouvrent le" in contenu and "Emma" in contenu
    assert tables == []


def test_un_changement_de_l_agent_se_voit_en_quelques_secondes(deux_familles):
    premiere, seconde, _ = deux_familles
    lectures(premiere)
    Prestation.objects.filter(code="resto").update(nom="Restauration bio")
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=6)):
        contenu, tables = lectures(seconde)
    assert "Restauration bio" in contenu and tables


def test_ouverte_un_jour_ferme_entre_temps_n_est_jamais_reserve(deux_familles):
    """Once open, the calendar and the summary may show an agent's closure up to those
    seconds late; the confirmation reads it afresh: the closed day is not booked."""
    premiere, seconde, periode = deux_familles
    with time_machine.travel(periode.ouverture + datetime.timedelta(minutes=1)):
        for client in (premiere, seconde):  # two days later: a new login
            client.force_login(client.compte)
        lectures(premiere)  # the period's data kept
        page = seconde.get(url("periode", periode.pk))
        jour = cases(page)[0]
        enfant, prestation, date = jour.split(".")
        recap = seconde.post(url("periode", periode.pk), {"cases": [jour]})
        assert recap.status_code == 200 and "Seront réservés (1 jour)" in texte(recap)
        Fermeture.objects.create(
            structure=periode.structure,
            debut=datetime.date.fromisoformat(date),
            fin=datetime.date.fromisoformat(date),
            motif="Grève",
        )
        reponse = seconde.post(url("confirmer", periode.pk), {"charge": charge(recap)})
        suite = seconde.get(reponse["Location"]) if reponse.status_code == 302 else reponse
    assert not Reservation.objects.filter(enfant_id=enfant, date=date).actives().exists()
    # The message names the day refused and why (the closure's reason).
    assert re.search(r"1 jour refusé \([^)]*Grève\)", texte(suite))
