"""The règlement intérieur in Chromium: the demo family F1001 signs it for its three children,
then downloads one signed fiche. `signer_pour_chaque_enfant` is a step the whole-renewal test
can reuse."""

from __future__ import annotations

import pytest
from etapes import ENFANTS, IDENTIFIANT, connecter, ouvrir_le_reglement, signer_pour_chaque_enfant
from playwright.sync_api import Page, expect

from famille.comptes.francais import de

pytestmark = pytest.mark.django_db(transaction=True)


def test_f1001_signe_pour_ses_trois_enfants_puis_telecharge_une_fiche(
    page: Page, live_server, demo
):
    connecter(page, live_server)
    ouvrir_le_reglement(page)
    liste = page.get_by_role("list", name="Enfants inscrits")
    # The children's names are at the top of the page, each with « Accéder à la fiche ».
    for nom in ENFANTS:
        expect(liste).to_contain_text(nom)
        expect(liste.get_by_role("link", name=f"Accéder à la fiche {de(nom)}")).to_be_visible()

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
