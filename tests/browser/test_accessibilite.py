"""Axe scan (axe-core bundled by axe-playwright-python, no network) of the public pages and of a
parent's frame: no serious or critical violation, at desktop and phone widths."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from pages_publiques import PAGES_PUBLIQUES
from playwright.sync_api import Page

pytestmark = pytest.mark.django_db(transaction=True)

LARGEURS = [{"width": 1280, "height": 900}, {"width": 375, "height": 740}]

# WCAG 2.1 A and AA rules: what the RGAA 4.1 transposes.
OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
}


def _violations_graves(page: Page) -> list[str]:
    resultats = Axe().run(page, options=OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in resultats.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_axe_detecte_une_violation(page: Page):
    page.set_content('<html lang="fr"><title>t</title><main><img src="x.png"></main></html>')
    assert any(v.startswith("image-alt (critical)") for v in _violations_graves(page))


def test_pages_publiques_sans_violation_grave(page: Page, live_server, demo):
    problemes = {}
    for taille in LARGEURS:
        page.set_viewport_size(taille)
        for url in PAGES_PUBLIQUES:
            page.goto(live_server.url + url)
            violations = _violations_graves(page)
            if violations:
                problemes[f"{url} @{taille['width']}px"] = violations
    assert problemes == {}


def test_menu_ouvert_sur_telephone_sans_violation_grave(page: Page, live_server, demo):
    page.set_viewport_size(LARGEURS[1])
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Questions fréquentes"
    ).wait_for(state="visible")
    assert _violations_graves(page) == []


def test_erreurs_du_formulaire_de_connexion_sans_violation_grave(page: Page, live_server, demo):
    page.goto(live_server.url + "/connexion/")
    page.locator("#id_username").fill("F1001")
    page.locator("#id_password").fill("pas le bon mot de passe")
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_load_state()
    assert "Identifiant ou mot de passe incorrect" in page.content()
    assert _violations_graves(page) == []


def test_cadre_du_parent_sans_violation_grave(page: Page, live_server, demo):
    from famille.comptes import services
    from famille.comptes.models import Compte

    compte = Compte.objects.get(username="F1001")
    services.enregistrer_consentements(compte, services.documents_a_accepter(compte))
    page.goto(live_server.url + "/connexion/")
    page.locator("#id_username").fill("F1001")
    page.locator("#id_password").fill("Soleil-Cartable-42")
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url(live_server.url + "/")
    problemes = {}
    for taille in LARGEURS:
        page.set_viewport_size(taille)
        for url in ("/", "/dossier-famille/", "/reservations/", "/historique/", "/paiement/"):
            page.goto(live_server.url + url)
            violations = _violations_graves(page)
            if violations:
                problemes[f"{url} @{taille['width']}px"] = violations
    assert problemes == {}
