"""Historique and Paiement in Chromium: the demo family F1001 sees the month's consumptions by
child and service, opens one line's explanation, then its balance in Paiement."""

from __future__ import annotations

import pytest
from etapes import connecter
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_f1001_voit_ses_consommations_une_explication_et_son_solde(page: Page, live_server, demo):
    connecter(page, live_server)
    page.goto(f"{live_server.url}/historique/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Historique")
    ligne = page.get_by_test_id("ligne").first
    expect(ligne).to_be_visible()
    explication = ligne.get_by_test_id("explication")
    expect(explication).to_be_hidden()
    ligne.locator("summary").click()
    expect(explication).to_be_visible()
    expect(explication).to_contain_text("Réservation n°")
    expect(explication).to_contain_text("Tarif")

    page.goto(f"{live_server.url}/paiement/")
    expect(page.get_by_test_id("solde")).to_contain_text("€")
    expect(page.get_by_test_id("a-venir")).to_be_visible()
