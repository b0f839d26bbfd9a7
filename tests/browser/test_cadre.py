"""The frame in a real browser: desktop and phone widths, the phone menu, the FAQ."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

BUREAU = {"width": 1280, "height": 900}
TELEPHONE = {"width": 375, "height": 740}


def test_accueil_au_bureau_puis_faq(page: Page, live_server, demo):
    page.set_viewport_size(BUREAU)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Accéder à mon Compte Famille")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Questions fréquentes"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Questions fréquentes")).to_be_visible()


def test_menu_replie_sur_telephone(page: Page, live_server, demo):
    page.set_viewport_size(TELEPHONE)
    page.goto(live_server.url + "/")
    lien_faq = page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Questions fréquentes"
    )
    expect(lien_faq).to_be_hidden()
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    boite = menu.bounding_box()
    assert boite["x"] > TELEPHONE["width"] / 2, "le bouton de menu est en haut à droite"
    menu.click()
    expect(lien_faq).to_be_visible()
    lien_faq.click()
    expect(page.get_by_role("heading", level=1, name="Questions fréquentes")).to_be_visible()
