"""The règlement intérieur in Chromium: the demo family F1001 signs it for its three children,
then downloads one signed fiche. `signer_pour_chaque_enfant` is a step the whole-renewal test
can reuse."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

IDENTIFIANT, MOT_DE_PASSE = "F1001", "Soleil-Cartable-42"
ENFANTS = ("Emma Martin", "Jules Martin", "Léo Martin")


def connecter(page: Page, live_server) -> None:
    from famille.comptes import services
    from famille.comptes.models import Compte

    # The first login's consents have their own browser test; here the parent is past them.
    compte = Compte.objects.get(username=IDENTIFIANT)
    services.enregistrer_consentements(compte, services.documents_a_accepter(compte))
    page.goto(live_server.url + "/connexion/")
    page.locator("#id_username").fill(IDENTIFIANT)
    page.locator("#id_password").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url(live_server.url + "/")


def ouvrir_le_reglement(page: Page) -> None:
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Dossier Famille"
    ).click()
    page.get_by_role("navigation", name="Sections du dossier famille").get_by_role(
        "link", name="Règlement intérieur"
    ).click()
    expect(page.get_by_role("heading", level=2, name="Règlement intérieur")).to_be_visible()


def signer_pour_chaque_enfant(page: Page, enfants=ENFANTS) -> None:
    """From the règlement page: « Accéder à la fiche », tick, sign, for each child."""
    liste = page.get_by_role("list", name="Enfants inscrits")
    for nom in enfants:
        ligne = liste.get_by_role("listitem").filter(has_text=nom)
        expect(ligne).to_contain_text("À signer")
        ligne.get_by_role("link", name=f"Accéder à la fiche de {nom}").click()
        expect(
            page.get_by_role("heading", name="Règlement intérieur des services périscolaires")
        ).to_be_visible()
        page.get_by_label("J'ai pris connaissance du règlement intérieur").check()
        expect(page.get_by_label("Votre nom")).to_have_value("Camille Martin")
        page.get_by_label("Fait à").fill("Cestas")
        page.get_by_role("button", name="Valider et signer").click()
        expect(page.get_by_role("status").first).to_contain_text(
            f"La fiche de {nom.split()[0]} est validée et signée."
        )
        expect(liste.get_by_role("listitem").filter(has_text=nom)).to_contain_text("Signé")


def test_f1001_signe_pour_ses_trois_enfants_puis_telecharge_une_fiche(
    page: Page, live_server, demo
):
    connecter(page, live_server)
    ouvrir_le_reglement(page)
    liste = page.get_by_role("list", name="Enfants inscrits")
    # The children's names are at the top of the page, each with « Accéder à la fiche ».
    for nom in ENFANTS:
        expect(liste).to_contain_text(nom)
        expect(liste.get_by_role("link", name=f"Accéder à la fiche de {nom}")).to_be_visible()

    # Forgetting the tick box first: the French message, nothing signed.
    liste.get_by_role("link", name="Accéder à la fiche de Léo Martin").click()
    page.get_by_role("button", name="Valider et signer").click()
    expect(
        page.get_by_text(
            "Cochez la case indiquant que vous avez pris connaissance du règlement intérieur."
        )
    ).to_be_visible()
    page.get_by_role("link", name="Retour à la liste des enfants").click()

    signer_pour_chaque_enfant(page)
    expect(page.get_by_test_id("reste-a-signer")).to_have_text("Toutes les fiches sont signées.")

    with page.expect_download() as telechargement:
        liste.get_by_role("link", name="Télécharger la fiche signée de Léo Martin (PDF)").click()
    fichier = telechargement.value
    assert fichier.suggested_filename.endswith(".pdf")
    assert open(fichier.path(), "rb").read(5) == b"%PDF-"

    from famille.dossiers.models import SignatureReglement

    signatures = SignatureReglement.objects.filter(compte__username=IDENTIFIANT)
    assert sorted(f"{s.enfant.prenom} {s.enfant.nom}" for s in signatures) == sorted(ENFANTS)
    assert {s.lieu for s in signatures} == {"Cestas"}
