"""Online payment in Chromium at a phone's width: the demo family F1001, owing money after the
consumption job, pays its balance with the stand-in bank; the bank notifies the portal, the
ticket goes to the first address of the profile only, the payment shows in Historique with its
ticket and the balance is zero."""

from __future__ import annotations

import re

import pytest
from etapes import IDENTIFIANT, connecter
from playwright.sync_api import Page, expect
from test_accessibilite import _violations_graves

pytestmark = pytest.mark.django_db(transaction=True)


def test_f1001_regle_son_solde_avec_la_banque_fictive(page: Page, live_server, demo, mailoutbox):
    from famille.comptes.models import Compte

    compte = Compte.objects.get(username=IDENTIFIANT)
    compte.emails = "camille.martin@exemple.fr;autre.adresse@exemple.fr"
    compte.save()
    page.set_viewport_size({"width": 375, "height": 740})
    connecter(page, live_server)
    page.goto(f"{live_server.url}/paiement/")
    expect(page.get_by_test_id("avertissement-impaye")).to_be_visible()
    solde = page.get_by_test_id("solde").inner_text()
    assert solde.startswith("-")
    du = solde.lstrip("-").replace("\u00a0€", "").replace(" €", "").strip()
    champ = page.get_by_label("Montant à régler (€)")
    expect(champ).to_have_value(du)
    expect(page.get_by_text("camille.martin@exemple.fr")).to_be_visible()
    assert _violations_graves(page) == []
    # A refused amount: the error summary, then the right amount.
    champ.fill("0")
    page.get_by_role("button", name="Effectuer un règlement").click()
    expect(page.get_by_text("Le montant doit être positif.").first).to_be_visible()
    assert _violations_graves(page) == []
    page.get_by_label("Montant à régler (€)").fill(du)
    page.get_by_role("button", name="Effectuer un règlement").click()

    expect(page.get_by_role("heading", name="Banque fictive (démonstration)")).to_be_visible()
    assert _violations_graves(page) == []
    expect(page.get_by_test_id("montant-banque")).to_contain_text(du)
    page.get_by_role("button", name="Payer", exact=True).click()

    expect(page.get_by_test_id("etat-paiement")).to_contain_text("Paiement accepté")
    expect(page.get_by_test_id("etat-paiement").get_by_test_id("solde")).to_have_text(
        re.compile(r"^0,00\s€$")
    )
    assert _violations_graves(page) == []
    assert [m.to for m in mailoutbox] == [["camille.martin@exemple.fr"]]
    assert mailoutbox[0].attachments[0][0].startswith("ticket-T")

    page.goto(f"{live_server.url}/historique/")
    paiement = page.get_by_test_id("paiement").filter(has_text="Paiement en ligne par carte")
    expect(paiement).to_contain_text(du)
    lien = paiement.get_by_role("link", name=re.compile("Ticket de paiement T"))
    expect(lien).to_be_visible()
    with page.expect_download() as telechargement:
        lien.click()
    assert telechargement.value.suggested_filename.startswith("ticket-T")

    page.goto(f"{live_server.url}/paiement/")
    expect(page.get_by_test_id("solde")).to_have_text(re.compile(r"^0,00\s€$"))
