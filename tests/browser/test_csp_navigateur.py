"""The Content-Security-Policy in Chromium: the parent's pages work under the strict policy
(no inline script or style refused) and the Wagtail admin under its own."""

from __future__ import annotations

import pytest
from etapes import connecter, connecter_agent, ouvrir_la_section, ouvrir_mon_dossier
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def refus_enregistres(page: Page) -> list[str]:
    """Every CSP violation of the page, as the browser reports them."""
    refus: list[str] = []
    page.on(
        "console",
        lambda message: (
            refus.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refus


def test_le_parcours_du_parent_sans_aucun_refus(page: Page, live_server, demo):
    refus = refus_enregistres(page)
    connecter(page, live_server)
    ouvrir_mon_dossier(page)
    ouvrir_la_section(page, "Pièces justificatives")
    page.goto(live_server.url + "/dossier-famille/profil/")
    expect(page.get_by_role("heading", name="Vos adresses e-mail")).to_be_visible()
    page.goto(live_server.url + "/demande-compte-second-parent/")
    assert refus == []


def test_l_administration_fonctionne_sous_sa_politique(page: Page, live_server, demo):
    refus = refus_enregistres(page)
    connecter_agent(page, live_server)
    assert refus == []
