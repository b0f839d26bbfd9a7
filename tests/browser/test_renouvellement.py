"""The annual renewal in Chromium, for the demo family with three children (F1001).

Written as steps so that the whole acceptance can grow around it: `valider_toutes_les_fiches`
is the family's fiches; the pièces justificatives, the règlement signature and the staff
acceptance are steps of their own to add to `test_renouvellement_complet`."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

IDENTIFIANT, MOT_DE_PASSE = "F1001", "Soleil-Cartable-42"
ENFANTS = ("Léo", "Emma", "Jules")


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


def ouvrir_mon_dossier(page: Page) -> None:
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Dossier Famille"
    ).click()
    expect(page.get_by_role("heading", name="Mes fiches")).to_be_visible()


def ligne_de_fiche(page: Page, libelle: str):
    fiches = page.locator("section", has=page.get_by_role("heading", name="Mes fiches"))
    return fiches.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=libelle, exact=True)
    )


def enregistrer_puis_valider(page: Page, libelle: str) -> None:
    page.get_by_role("button", name="Enregistrer et vérifier").click()
    expect(page.get_by_role("heading", name=f"Vérifier et valider : {libelle}")).to_be_visible()
    page.get_by_role("button", name="Valider", exact=True).click()
    expect(page.get_by_text(f"La fiche « {libelle} » est validée.")).to_be_visible()


def repondre(page: Page, champ: str, valeur: str) -> None:
    page.locator(f'input[name="{champ}"][value="{valeur}"]').check()


def remplir_contacts(page: Page) -> None:
    for prenom in ENFANTS:
        groupe = page.get_by_role("group", name=f"Ajouter un contact pour {prenom}")
        if (
            not page.get_by_role("group", name=f"Contacts de {prenom} Martin")
            .get_by_role("group", name="Monique Martin (grand-mère)")
            .count()
        ):
            groupe.locator('input[name$="-prenom"]').fill("Paulette")
            groupe.locator('input[name$="-nom"]').fill("Durand")
            groupe.get_by_label("Lien avec l'enfant").fill("voisine")
            groupe.get_by_label("Téléphone").fill("06 98 76 54 32")


def remplir_autorisations(page: Page) -> None:
    repondre(page, "photo_video", "False")
    repondre(page, "sortie_seul", "True")
    page.get_by_label("À partir de (heure)").fill("17:30")
    repondre(page, "transport_sorties", "True")
    repondre(page, "soins_urgence", "True")


def remplir_sante(page: Page) -> None:
    page.get_by_label("Médecin traitant").fill("Dr Lambert")
    page.get_by_label("Date du dernier rappel DT-Polio").fill("2024-10-04")
    repondre(page, "pai", "False")
    page.get_by_label("Végétarien").check()
    repondre(page, "besoins_particuliers", "False")


def valider_toutes_les_fiches(page: Page) -> None:
    """Every fiche still « À valider » on the tab's home: open it, fill it in, review, validate."""
    a_faire = [("Contacts", remplir_contacts)]
    for prenom in ENFANTS:
        a_faire += [
            (f"Autorisations de {prenom}", remplir_autorisations),
            (f"Fiche santé de {prenom}", remplir_sante),
        ]
    for libelle, remplir in a_faire:
        ligne = ligne_de_fiche(page, libelle)
        if ligne.get_by_text("À valider").count() == 0:
            continue  # validated in the demo data
        ligne.get_by_role("link", name=libelle, exact=True).click()
        expect(page.get_by_text("Les éléments marqués d'un astérisque")).to_have_count(1)
        remplir(page)
        enregistrer_puis_valider(page, libelle)
        expect(ligne_de_fiche(page, libelle).get_by_text("Validée le")).to_be_visible()


def test_champ_obligatoire_oublie_puis_corrige(page: Page, live_server, demo):
    connecter(page, live_server)
    ouvrir_mon_dossier(page)
    ligne_de_fiche(page, "Fiche santé de Emma").get_by_role("link").click()
    repondre(page, "pai", "False")
    page.get_by_role("button", name="Enregistrer et vérifier").click()
    medecin = page.get_by_label("Médecin traitant")
    expect(medecin).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Ce champ est à renseigner.").first).to_be_visible()
    expect(page.locator('input[name="pai"][value="False"]')).to_be_checked()  # the rest is kept
    remplir_sante(page)
    enregistrer_puis_valider(page, "Fiche santé de Emma")


def test_renouvellement_complet(page: Page, live_server, demo):
    from famille.dossiers.models import DossierAnnuel

    connecter(page, live_server)
    ouvrir_mon_dossier(page)
    expect(page.get_by_text("Dossier à valider avant le")).to_be_visible()
    expect(page.get_by_text("4 / 9 validées")).to_be_visible()

    valider_toutes_les_fiches(page)

    expect(page.get_by_text("9 / 9 validées")).to_be_visible()
    dossier = DossierAnnuel.objects.get(foyer__numero=IDENTIFIANT)
    assert dossier.validations.count() == 9
    # Next steps of the acceptance, by the helpers who own them: upload the pièces
    # justificatives, sign the règlement for each child, staff accepting the pieces — then
    # `peut_reserver(foyer, annee)` is ok and the dossier counts as validated for the year.
