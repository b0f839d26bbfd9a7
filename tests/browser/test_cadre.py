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


def _connecter(page: Page, live_server, identifiant: str, mot_de_passe: str) -> None:
    from famille.comptes import services
    from famille.comptes.models import Compte

    compte = Compte.objects.get(username=identifiant)
    services.enregistrer_consentements(compte, services.documents_a_accepter(compte))
    page.goto(live_server.url + "/connexion/")
    page.locator("#id_username").fill(identifiant)
    page.locator("#id_password").fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url(live_server.url + "/")


def test_parent_sur_telephone_trouve_les_onglets_dans_le_menu(page: Page, live_server, demo):
    page.set_viewport_size(TELEPHONE)
    _connecter(page, live_server, "F1001", "Soleil-Cartable-42")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    expect(page.get_by_text("Camille Martin")).to_be_visible()
    # F1001 is known to both structures: the drop-down and its « Changer » button.
    expect(page.get_by_label("Structure consultée")).to_be_visible()
    expect(page.get_by_role("button", name="Changer")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= TELEPHONE["width"]

    navigation = page.get_by_role("navigation", name="Menu principal")
    onglet_dossier = navigation.get_by_role("link", name="Dossier Famille")
    expect(onglet_dossier).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    for onglet in ("Accueil", "Historique", "Paiement", "Réservations", "Dossier Famille"):
        expect(navigation.get_by_role("link", name=onglet, exact=True)).to_be_visible()
    onglet_dossier.click()
    page.wait_for_url(live_server.url + "/dossier-famille/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_changer_de_structure_sans_envoi_automatique(page: Page, live_server, demo):
    page.set_viewport_size(BUREAU)
    _connecter(page, live_server, "F1001", "Soleil-Cartable-42")
    choix = page.get_by_label("Structure consultée")
    choix.select_option(label="Centre de loisirs Les Pins")
    page.wait_for_timeout(300)
    assert page.url == live_server.url + "/", "choisir dans la liste ne recharge pas la page"
    page.get_by_role("button", name="Changer").click()
    page.wait_for_load_state()
    expect(page.get_by_label("Structure consultée")).to_have_value(
        page.get_by_label("Structure consultée")
        .locator("option", has_text="Centre de loisirs Les Pins")
        .get_attribute("value")
    )


def test_focus_clavier_visible(page: Page, live_server, demo):
    page.set_viewport_size(BUREAU)
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    evitement = page.get_by_role("link", name="Aller au contenu")
    expect(evitement).to_be_focused()
    boite = evitement.bounding_box()
    assert boite["x"] >= 0 and boite["y"] >= 0, "le lien d'évitement apparaît au focus"
    # Then the portal's name, then the first tab: Bootstrap's .nav-link would hide the outline.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    accueil = page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Accueil"
    )
    expect(accueil).to_be_focused()
    contour = accueil.evaluate(
        "e => { const s = getComputedStyle(e); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert contour[0] == "solid" and contour[1] >= 2
    page.goto(live_server.url + "/faq/")
    page.get_by_label("Rechercher dans la FAQ").focus()
    contour = page.get_by_label("Rechercher dans la FAQ").evaluate(
        "e => getComputedStyle(e).outlineStyle"
    )
    assert contour == "solid"
