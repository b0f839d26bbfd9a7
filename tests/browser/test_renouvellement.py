"""The annual renewal in Chromium, for the demo family with three children (F1001): every fiche
validated, the missing or refused documents uploaded, the règlement signed for each child; then
the Education service accepts the pieces and validates the dossier in the Wagtail admin; then
the family sees its dossier « Validé » and may book for the year. The steps are in etapes.py."""

from __future__ import annotations

import re

import pytest
from etapes import (
    IDENTIFIANT,
    accepter_chaque_piece,
    chercher_le_dossier,
    connecter,
    connecter_agent,
    deposer_les_pieces_manquantes,
    enregistrer_puis_valider,
    fichiers_de_test,
    ligne_de_fiche,
    ouvrir_le_reglement,
    ouvrir_mon_dossier,
    remplir_sante,
    repondre,
    signer_pour_chaque_enfant,
    valider_toutes_les_fiches,
)
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_champ_obligatoire_oublie_puis_corrige(page: Page, live_server, demo):
    connecter(page, live_server)
    ouvrir_mon_dossier(page)
    ligne_de_fiche(page, "Fiche santé d'Emma").get_by_role("link").click()
    repondre(page, "projet d'accueil individualisé", "Non")
    page.get_by_role("button", name="Enregistrer et vérifier").click()
    medecin = page.get_by_label("Médecin traitant")
    expect(medecin).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Ce champ est à renseigner.").first).to_be_visible()
    pai = page.get_by_role("group", name="projet d'accueil individualisé")
    expect(pai.get_by_role("radio", name="Non", exact=True)).to_be_checked()  # the rest is kept
    remplir_sante(page, "Emma")
    enregistrer_puis_valider(page, "Fiche santé d'Emma")


def test_renouvellement_complet(
    page: Page, live_server, demo, browser, browser_context_args, tmp_path
):
    from famille.dossiers.models import DossierAnnuel, PieceJustificative
    from famille.dossiers.services.eligibilite import peut_reserver

    # --- The parent: fiches, documents, règlement ----------------------------------------
    connecter(page, live_server)
    ouvrir_mon_dossier(page)
    expect(page.get_by_text("Dossier à valider avant le")).to_be_visible()
    expect(page.get_by_text("4 / 9 validées")).to_be_visible()
    # The demo's refused PAI certificate shows with its reason on the tab.
    expect(page.get_by_text("Motif du refus : Le certificat n'est pas signé")).to_be_visible()

    valider_toutes_les_fiches(page)
    expect(page.get_by_text("9 / 9 validées")).to_be_visible()

    deposees = deposer_les_pieces_manquantes(page, fichiers_de_test(tmp_path))
    assert deposees == ["Fichiers pour « Certificat médical du PAI » (Jules)"], deposees

    ouvrir_le_reglement(page)
    signer_pour_chaque_enfant(page)

    ouvrir_mon_dossier(page)
    statut = page.get_by_test_id("statut-dossier")
    expect(statut).to_have_text("À vérifier")
    expect(
        page.get_by_text("Toutes vos fiches sont validées, vos documents déposés et le règlement")
    ).to_be_visible()
    dossier = DossierAnnuel.objects.select_related("foyer", "campagne").get(
        foyer__numero=IDENTIFIANT
    )
    annee = dossier.campagne.annee_scolaire
    # Sent, not yet accepted: no booking for the year, and the booking pages can say why.
    enfant = dossier.foyer.enfants.first()
    verdict = peut_reserver(dossier.foyer.titulaire, enfant, dossier.campagne.rentree)
    assert not verdict.ok
    assert verdict.raisons[0] == (
        f"Votre dossier famille {annee} est en cours de vérification par le service "
        "Éducation : vous pourrez réserver dès qu'il sera validé."
    )

    # --- The Education service, in its own browser ---------------------------------------
    contexte_agent = browser.new_context(**browser_context_args)
    try:
        agent = contexte_agent.new_page()
        connecter_agent(agent, live_server)
        ligne = chercher_le_dossier(agent)
        expect(ligne.get_by_role("cell")).to_have_text(
            [
                "F1001 — Camille Martin",
                f"Année scolaire {annee}",
                "À vérifier",
                "Non",
                re.compile("."),
            ]
        )
        ligne.get_by_role("link", name="F1001 — Camille Martin").click()
        etat = agent.get_by_role("region", name="État du dossier")
        expect(etat).to_contain_text("Statut : À vérifier")
        assert accepter_chaque_piece(agent) == [
            "Attestation d'assurance pour l'année scolaire à venir",
            "Certificat médical du PAI — Jules",
            "Photo de l'enfant (PAI) — Jules",
        ]
        agent.get_by_role("button", name="Valider le dossier").click()
        expect(
            agent.get_by_text("Dossier de F1001 — Camille Martin validé pour l'année scolaire.")
        ).to_be_visible()
        expect(etat).to_contain_text("Statut : Validé")
    finally:
        contexte_agent.close()

    # --- Back to the parent ----------------------------------------------------------------
    page.reload()
    expect(statut).to_have_text("Validé")

    dossier.refresh_from_db()
    assert dossier.statut == DossierAnnuel.Statut.VALIDE
    assert dossier.validations.count() == 9
    assert not dossier.pieces.exclude(statut=PieceJustificative.Statut.ACCEPTEE).exists()
    verdict = peut_reserver(dossier.foyer.titulaire, enfant, dossier.campagne.rentree)
    assert verdict.ok, verdict.raisons
