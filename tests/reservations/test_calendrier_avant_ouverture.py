"""The read-only calendar under a countdown, kept rendered per parent account until the
opening (views/avant_ouverture.py): a refresh of the countdown reads no child, booking or
rule again; each family sees its own children; at the opening the live calendar is back; an
agent's change to the period's opening is seen at once."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from test_onglet_reservations import texte, url

from famille.reservations.models import PeriodeReservation
from famille.reservations.pages import ReservationsPage
from famille.reservations.services.regles import moment

LUES_PAR_LE_CALENDRIER = ('FROM "dossiers_enfant"', 'FROM "reservations_reservation"')


@pytest.fixture
def deux_familles(deux_familles_avant_ouverture, settings):
    settings.RESERVATIONS_DUREE_CALENDRIER_AVANT_OUVERTURE = 60
    caches[settings.PAGES_PUBLIQUES_CACHE].clear()
    yield deux_familles_avant_ouverture
    caches[settings.PAGES_PUBLIQUES_CACHE].clear()


def lire(client) -> tuple[str, int]:
    """(the page's text, how many queries read the children or the bookings)."""
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url())
    assert reponse.status_code == 200
    lues = sum(
        any(t in q["sql"] for t in LUES_PAR_LE_CALENDRIER) for q in requetes.captured_queries
    )
    return texte(reponse), lues


def calendrier(contenu: str) -> str:
    return contenu[contenu.index("Que signifient les symboles") :]


def test_un_rafraichissement_ne_relit_pas_le_calendrier(deux_familles):
    premiere, _, _ = deux_familles
    avant, lues = lire(premiere)
    assert "Les réservations ouvrent le" in avant and "Calendrier de Léo" in avant and lues
    apres, lues = lire(premiere)
    assert lues == 0
    assert "Les réservations ouvrent le" in apres and "Ouverture dans" in apres
    assert calendrier(apres) == calendrier(avant)


def test_chaque_famille_voit_ses_enfants(deux_familles):
    premiere, seconde, _ = deux_familles
    lire(premiere)
    contenu, lues = lire(seconde)
    assert lues and "Calendrier de Emma" in contenu
    assert "Léo" not in contenu
    contenu, _ = lire(premiere)
    assert "Calendrier de Léo" in contenu and "Emma" not in contenu


def test_a_l_ouverture_le_calendrier_se_coche(deux_familles):
    premiere, _, periode = deux_familles
    contenu, _ = lire(premiere)
    assert "Vérifier mes choix" not in contenu
    with time_machine.travel(periode.ouverture + datetime.timedelta(seconds=1)):
        premiere.force_login(premiere.compte)
        contenu, lues = lire(premiere)
    assert lues and "Les réservations ouvrent le" not in contenu
    assert "Vérifier mes choix" in contenu


def test_l_ouverture_changee_par_l_agent_se_voit_aussitot(deux_familles):
    premiere, _, periode = deux_familles
    lire(premiere)
    nouvelle = timezone.now() + datetime.timedelta(days=3)
    PeriodeReservation.objects.filter(pk=periode.pk).update(ouverture=nouvelle)
    contenu, lues = lire(premiere)
    assert lues
    assert f"Les réservations ouvrent le {moment(nouvelle)}" in contenu


def total_requetes(client) -> tuple[str, int, object]:
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url())
    assert reponse.status_code == 200
    return texte(reponse), len(requetes), reponse


def test_la_page_gardee_donne_le_temps_restant_du_moment(deux_familles):
    """A refresh within the kept seconds is the page kept (fewer queries, no template), with
    the time left of the moment it is served."""
    premiere, _, periode = deux_familles
    debut = timezone.now()
    ouverture = debut + datetime.timedelta(minutes=30, seconds=30)
    PeriodeReservation.objects.filter(pk=periode.pk).update(ouverture=ouverture)
    with time_machine.travel(debut, tick=False):
        avant, requetes_avant, _ = total_requetes(premiere)
    with time_machine.travel(debut + datetime.timedelta(seconds=45), tick=False):
        apres, requetes_apres, reponse = total_requetes(premiere)
    assert "Ouverture dans 30\xa0minutes." in avant
    assert "Ouverture dans 29\xa0minutes." in apres
    assert requetes_apres < requetes_avant
    assert not reponse.templates  # nothing rendered
    assert "@@" not in apres
    assert calendrier(apres) == calendrier(avant)


def test_deux_appareils_du_meme_compte_gardent_chacun_leur_jeton(deux_familles):
    """The page kept for an account carries the CSRF token of each device's own secret: the
    « Se déconnecter » form of the second device works."""
    from django.test import Client

    premiere, _, _ = deux_familles
    lire(premiere)  # the page kept, from the first device
    telephone = Client(enforce_csrf_checks=True)
    telephone.force_login(premiere.compte)
    contenu = telephone.get(url()).content.decode()
    jeton = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', contenu).group(1)
    reponse = telephone.post(reverse("comptes:deconnexion"), {"csrfmiddlewaretoken": jeton})
    assert reponse.status_code == 302
    assert "_auth_user_id" not in telephone.session


def test_un_message_en_attente_est_montre_par_une_page_rendue(deux_familles):
    premiere, _, _ = deux_familles
    lire(premiere)
    lire(premiere)  # now kept
    premiere.cookies["messages"] = CookieStorage(HttpRequest())._encode(
        [Message(constants.SUCCESS, "Votre lien d'agenda privé est prêt.")]
    )
    contenu, _ = lire(premiere)
    assert "Votre lien d'agenda privé est prêt." in contenu
    contenu, _ = lire(premiere)  # shown once
    assert "Votre lien d'agenda privé est prêt." not in contenu


def test_une_publication_rend_la_page_a_nouveau(deux_familles):
    premiere, _, _ = deux_familles
    lire(premiere)
    page = ReservationsPage.objects.get()
    page.title = "Mes réservations"
    page.save_revision().publish()
    contenu, _ = lire(premiere)
    assert "Mes réservations" in contenu


def test_le_compte_a_rebours_ne_donne_pas_de_laissez_passer(deux_familles, settings):
    """The waiting room (per process here) gives a page let in a short pass; the countdown
    gets none and takes back one held, so that at the opening the families queue in their
    order of arrival instead of coming in all at once on a pass taken seconds before."""
    from portail import salle_attente

    settings.SALLE_ATTENTE_LIMITE = 4
    settings.SALLE_ATTENTE_LIMITE_PROCESSUS = 4
    settings.SALLE_ATTENTE_REDIS_URL = ""
    salle_attente.reinitialiser()
    try:
        premiere, _, periode = deux_familles
        accueil = premiere.get("/")
        assert accueil.cookies[salle_attente.COOKIE_ADMIS].value  # a page let in: a pass
        rebours = premiere.get(url("accueil"))
        assert "Ouverture dans" in texte(rebours)
        repris = rebours.cookies[salle_attente.COOKIE_ADMIS]
        assert repris.value == "" and repris["max-age"] == 0  # taken back
        with time_machine.travel(periode.ouverture + datetime.timedelta(seconds=1)):
            premiere.force_login(premiere.compte)
            ouvert = premiere.get(url("accueil"))
        assert "Vérifier mes choix" in texte(ouvert)
        assert ouvert.cookies[salle_attente.COOKIE_ADMIS].value
        assert ouvert.cookies[salle_attente.COOKIE_RESERVATION].value
    finally:
        salle_attente.reinitialiser()
