"""The whole first login of the demo family that has never logged in (F1004), in Chromium, as
the memo tells it, at desktop and phone widths: password (a refused one first: the error
summary takes the focus and is in view on the phone), RGPD and CGU, the règlement intérieur of
each child, then the Accueil tab and its « Ce qu'il vous reste à faire »."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

BUREAU = {"width": 1280, "height": 900}
TELEPHONE = {"width": 390, "height": 844}  # the phone (390 px)
ONGLETS = ["Accueil", "Historique", "Paiement", "Réservations", "Dossier Famille"]
NOUVEAU = "Inès mange à la cantine le mardi"


def lire_puis_cocher(page: Page, titre: str, case: str) -> None:
    """Open the document in its new tab, read its title, close it, tick the box."""
    with page.expect_popup() as ouverture:
        page.get_by_role("link", name=f"Lire « {titre} »").click()
    document = ouverture.value
    expect(document.get_by_role("heading", level=1, name=titre)).to_be_visible()
    document.close()
    page.get_by_label(case).check()


@pytest.mark.parametrize("taille", [BUREAU, TELEPHONE], ids=["bureau", "telephone"])
def test_premiere_connexion_de_la_famille_f1004(page: Page, live_server, demo, taille):
    page.set_viewport_size(taille)
    page.goto(live_server.url + "/")

    # Identifiant typed in lower case, as parents often do.
    connexion = page.get_by_role("region", name="Accéder à mon Compte Famille")
    connexion.get_by_label("Identifiant").fill("f1004")
    connexion.get_by_label("Mot de passe").fill("Bienvenue-Cestas-F4")
    connexion.get_by_role("button", name="Se connecter").click()

    expect(
        page.get_by_role("heading", level=1, name="Choisissez votre mot de passe personnel")
    ).to_be_visible()
    regles = page.locator("#regles-mot-de-passe")
    expect(regles).to_be_visible()
    expect(regles).to_contain_text("Au moins 12 caractères")
    expect(regles).to_contain_text("Au plus 128 caractères")
    expect(regles).to_contain_text("Pas un mot de passe courant")

    # A broken rule first: the error names it, next to the field.
    page.get_by_label("Nouveau mot de passe").fill("trop court")
    page.get_by_label("Confirmez le mot de passe").fill("trop court")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(
        page.get_by_text("Règle non respectée : « Au moins 12 caractères »").last
    ).to_be_visible()
    # The error summary at the top has the focus and is on screen, even on a phone.
    resume = page.get_by_test_id("resume-erreurs")
    expect(resume).to_be_focused()
    expect(resume).to_be_in_viewport()
    expect(page).to_have_title(re.compile(r"^Erreur : "))
    resume.get_by_role("link", name=re.compile("Nouveau mot de passe")).click()
    expect(page.get_by_label("Nouveau mot de passe")).to_be_focused()

    page.get_by_label("Nouveau mot de passe").fill(NOUVEAU)
    page.get_by_label("Confirmez le mot de passe").fill(NOUVEAU)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()

    expect(page.get_by_text("Le mot de passe a bien été enregistré")).to_be_visible()
    page.get_by_role("link", name="Continuer").click()

    expect(
        page.get_by_role("heading", level=1, name="RGPD et conditions générales d'utilisation")
    ).to_be_visible()
    lire_puis_cocher(
        page,
        "Protection des données personnelles (RGPD)",
        "J'ai pris connaissance du document « Protection des données personnelles (RGPD) »",
    )
    lire_puis_cocher(
        page,
        "Conditions générales d'utilisation du portail",
        "J'ai pris connaissance du document « Conditions générales d'utilisation du portail »",
    )
    page.get_by_role("button", name="Valider").click()

    # The memo's next step: the règlement intérieur, « Accéder à la fiche » for each child.
    expect(page.get_by_test_id("etape-reglement")).to_be_visible()
    page.get_by_role("link", name="Accéder à la fiche d'Inès Roux").click()
    page.get_by_label("J'ai pris connaissance du règlement intérieur").check()
    page.get_by_label("Fait à").fill("Cestas")
    page.get_by_role("button", name="Valider et signer").click()

    # The Accueil tab, with what is left to do, the memo's tabs and the header.
    expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/$"))
    reste = page.get_by_test_id("reste-a-faire")
    expect(reste).to_be_in_viewport()
    expect(reste.get_by_role("heading", name="Ce qu'il vous reste à faire")).to_be_visible()
    expect(reste).not_to_contain_text("Règlement intérieur —")
    expect(reste.get_by_role("link", name="Fiche famille")).to_be_visible()
    menu = page.get_by_role("navigation", name="Menu principal")
    if taille is TELEPHONE:
        bouton = page.get_by_role("button", name="Menu")
        expect(bouton).to_be_visible()
        expect(menu.get_by_role("link", name="Dossier Famille")).to_be_hidden()
        bouton.click()
    for onglet in ONGLETS:
        expect(menu.get_by_role("link", name=onglet, exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name="Accueil", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_test_id("nom-parent")).to_have_text("Nadia Roux")
    deconnexion = page.get_by_role("button", name="Se déconnecter")
    expect(deconnexion).to_be_visible()
    expect(deconnexion).to_have_css("background-color", "rgb(164, 22, 26)")
    assert page.evaluate("document.documentElement.scrollWidth") <= taille["width"]
