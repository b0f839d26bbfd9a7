"""Issue 12 in Chromium, on the demo data: at phone width, the demo animator marks today's
canteen list of the demo school (Lucas present, Chloé absent, Inès added as « présent non
prévu ») in one save; then the Education service opens « Effectifs des repas » and sees the
school restaurant's counts: frozen at the cut-off, the morning's absence and unplanned child as
differences. The morning is pinned at 8:30 (before the kitchen's 9:30) whatever the hour the
test runs."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

TELEPHONE = {"width": 375, "height": 740}
ANIMATEUR, MOT_DE_PASSE_ANIMATEUR = "animation", "Animation-demo-2026"
AGENT, MOT_DE_PASSE_AGENT = "education", "Education-demo-2026"
SITE = "Restaurant scolaire — École élémentaire Les Pins"


@pytest.fixture
def matin():
    jour = timezone.localdate()
    huit_heures_trente = datetime.datetime.combine(
        jour, datetime.time(8, 30), tzinfo=ZoneInfo("Europe/Paris")
    )
    with time_machine.travel(huit_heures_trente, tick=True):
        yield jour


@pytest.fixture
def cantine_du_jour(demo, matin):
    """Lucas and Chloé booked the canteen today (their mother's account); the counts were
    frozen at the cut-off, as the scheduled job does."""
    from famille.dossiers.models import Enfant, Foyer
    from famille.reservations.models import Prestation, Reservation
    from famille.reservations.services import repas

    cantine = Prestation.objects.get(structure__slug="periscolaire", code="restauration")
    mere = Foyer.objects.get(numero="F1002")
    for prenom in ("Lucas", "Chloé"):
        Reservation.objects.get_or_create(
            foyer=mere,
            enfant=Enfant.objects.get(prenom=prenom, nom="Petit"),
            prestation=cantine,
            date=matin,
        )
    repas.figer_repas(matin)
    return cantine


def test_un_animateur_pointe_et_l_education_voit_les_effectifs(
    page: Page, live_server, cantine_du_jour, browser
):
    from famille.comptes import services
    from famille.comptes.models import Compte

    compte = Compte.objects.get(username=ANIMATEUR)
    services.enregistrer_consentements(compte, services.documents_a_accepter(compte))

    # The animator, phone in hand.
    page.set_viewport_size(TELEPHONE)
    page.goto(live_server.url + "/connexion/")
    page.get_by_label("Identifiant").fill(ANIMATEUR)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE_ANIMATEUR)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_load_state()
    page.goto(live_server.url + "/pointage/")
    page.get_by_role("navigation", name="Listes à pointer").get_by_role(
        "link", name="Restauration scolaire"
    ).click()
    expect(page.get_by_role("heading", name="Restauration scolaire")).to_be_visible()
    lucas = page.get_by_role("group", name="Lucas Petit")
    chloe = page.get_by_role("group", name="Chloé Petit")
    lucas.get_by_text("Présent", exact=True).click()
    chloe.get_by_text("Absent", exact=True).click()
    page.get_by_label("Enfant", exact=True).select_option(label="Inès Roux")
    page.get_by_role("button", name="Enregistrer le pointage").click()
    expect(page.get_by_role("status")).to_contain_text("Pointage enregistré.")
    expect(lucas.get_by_label("Présent", exact=True)).to_be_checked()
    expect(chloe.get_by_label("Absent", exact=True)).to_be_checked()
    expect(page.get_by_role("group", name="Inès Roux")).to_contain_text("Présent non prévu")

    # The Education service, at its desk.
    bureau = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    agent = bureau.new_page()
    agent.goto(live_server.url + "/admin/login/")
    agent.get_by_label("Identifiant").fill(AGENT)
    agent.get_by_label("Mot de passe").fill(MOT_DE_PASSE_AGENT)
    agent.get_by_role("button", name="S'identifier").click()
    menu = agent.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("button", name="Éducation").click()
    menu.get_by_role("link", name="Effectifs des repas").click()
    expect(agent.get_by_role("heading", name="Effectifs des repas", level=1)).to_be_visible()
    site = agent.get_by_role("region", name=SITE)
    total = site.get_by_role("row", name="Total")
    # Frozen, morning's absences, unplanned children, now, difference.
    expect(total.get_by_role("cell")).to_have_text(["2", "−1", "+1", "2", "0"])
    bureau.close()
