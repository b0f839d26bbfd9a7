"""Steps of the annual renewal in Chromium, shared by the browser tests of the Dossier Famille:
the parent's (log in, fiches, pièces justificatives, règlement) and the Education service's
(log into the Wagtail admin, accept the pieces, validate the dossier). Locators by role and
label, as a user (or a screen reader) finds things."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from famille.comptes.francais import de

IDENTIFIANT, MOT_DE_PASSE = "F1001", "Soleil-Cartable-42"
AGENT, MOT_DE_PASSE_AGENT = "education", "Education-demo-2026"
PRENOMS = ("Léo", "Emma", "Jules")
ENFANTS = ("Emma Martin", "Jules Martin", "Léo Martin")
# Jules has a PAI in the demo (its certificate was refused): the parent keeps it declared.
PRENOMS_AVEC_PAI = ("Jules",)


# --- The parent -----------------------------------------------------------------------------


def connecter(page: Page, live_server) -> None:
    from famille.comptes import services
    from famille.comptes.models import Compte

    # The first login's consents have their own browser test; here the parent is past them.
    compte = Compte.objects.get(username=IDENTIFIANT)
    services.enregistrer_consentements(compte, services.documents_a_accepter(compte))
    page.goto(live_server.url + "/connexion/")
    page.get_by_label("Identifiant").fill(IDENTIFIANT)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url(live_server.url + "/")


def ouvrir_mon_dossier(page: Page) -> None:
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Dossier Famille"
    ).click()
    expect(page.get_by_role("heading", name="Mes fiches")).to_be_visible()


def ouvrir_la_section(page: Page, section: str) -> None:
    lien = page.get_by_role("navigation", name="Sections du dossier famille").get_by_role(
        "link", name=section
    )
    lien.click()
    # The section's link says it is the current page (screen readers, highlighted pill).
    expect(lien).to_have_attribute("aria-current", "page")


# --- Fiches ---------------------------------------------------------------------------------


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


def repondre(page: Page, question: str, reponse: str) -> None:
    """A yes/no question (radio buttons grouped under the question)."""
    page.get_by_role("group", name=question).get_by_role("radio", name=reponse, exact=True).check()


def remplir_contacts(page: Page) -> None:
    for prenom in PRENOMS:
        groupe = page.get_by_role("group", name=f"Ajouter un contact pour {prenom}")
        if (
            not page.get_by_role("group", name=f"Contacts {de(prenom)} Martin")
            .get_by_role("group", name="Monique Martin (grand-mère)")
            .count()
        ):
            groupe.get_by_label("Prénom").fill("Paulette")
            groupe.get_by_label(re.compile(r"^\s*Nom\W*$")).fill("Durand")
            groupe.get_by_label("Lien avec l'enfant").fill("voisine")
            groupe.get_by_label("Téléphone").fill("06 98 76 54 32")


def remplir_autorisations(page: Page, prenom: str) -> None:
    repondre(page, "photos et vidéos", "Non")
    repondre(page, "quitter seul", "Oui")
    page.get_by_label("À partir de (heure)").fill("17:30")
    repondre(page, "transport de mon enfant", "Oui")
    repondre(page, "soins d'urgence", "Oui")


def remplir_sante(page: Page, prenom: str) -> None:
    page.get_by_label("Médecin traitant").fill("Dr Lambert")
    page.get_by_label("Date du dernier rappel DT-Polio").fill("2024-10-04")
    repondre(page, "projet d'accueil individualisé", "Oui" if prenom in PRENOMS_AVEC_PAI else "Non")
    page.get_by_label("Végétarien").check()
    repondre(page, "besoins particuliers", "Non")


def valider_toutes_les_fiches(page: Page) -> None:
    """Every fiche still « À valider » on the tab's home: open it, fill it in, review, validate."""
    a_faire = [("Contacts", lambda p: remplir_contacts(p))]
    for prenom in PRENOMS:
        a_faire += [
            (f"Autorisations {de(prenom)}", lambda p, n=prenom: remplir_autorisations(p, n)),
            (f"Fiche santé {de(prenom)}", lambda p, n=prenom: remplir_sante(p, n)),
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


# --- Pièces justificatives ------------------------------------------------------------------


def pdf_minimal() -> bytes:
    """A one-page PDF (the `filetype` package recognises it from its first bytes)."""
    from famille.dossiers.demo_pieces import pdf_minimal as pdf

    return pdf("Piece justificative de test")


def png_minimal() -> bytes:
    from famille.dossiers.demo_pieces import png_minimal as png

    return png()


def fichiers_de_test(dossier: Path) -> dict[str, Path]:
    dossier.mkdir(parents=True, exist_ok=True)
    pdf = dossier / "certificat.pdf"
    pdf.write_bytes(pdf_minimal())
    png = dossier / "page-2.png"
    png.write_bytes(png_minimal())
    return {"pdf": pdf, "png": png}


def deposer_les_pieces_manquantes(page: Page, fichiers: dict[str, Path]) -> list[str]:
    """On « Pièces justificatives »: each required piece « À déposer » or « Refusée » gets its
    files — a PNG for a photo, else a PDF and a scanned second page (several files for one
    piece). Returns the labels of the file fields used."""
    ouvrir_la_section(page, "Pièces justificatives")
    expect(page.get_by_role("heading", name="Pièces justificatives", level=2)).to_be_visible()
    deposees = []
    while True:
        cartes = (
            page.get_by_role("listitem")
            .filter(has_text="(obligatoire)")
            .filter(has=page.get_by_role("button", name="Déposer"))
        )
        a_deposer = cartes.filter(has_text="À déposer").or_(cartes.filter(has_text="Refusée"))
        if a_deposer.count() == 0:
            return deposees
        carte = a_deposer.first
        champ = carte.get_by_label("Fichiers pour")
        libelle = champ.evaluate("e => e.labels[0].textContent.trim()")
        envoi = [fichiers["png"]] if "Photo" in libelle else [fichiers["pdf"], fichiers["png"]]
        champ.set_input_files(envoi)
        carte.get_by_role("button", name="Déposer").click()
        expect(page.get_by_role("status").first).to_contain_text(
            "Le document a bien été déposé"
            if len(envoi) == 1
            else f"Les {len(envoi)} documents ont bien été déposés"
        )
        depose = page.get_by_role("listitem").filter(has=page.get_by_label(libelle))
        expect(depose).to_contain_text("À vérifier")
        for fichier in envoi:
            expect(depose.get_by_role("link", name=fichier.name)).to_be_visible()
        deposees.append(libelle)


# --- Règlement intérieur --------------------------------------------------------------------


def ouvrir_le_reglement(page: Page) -> None:
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Dossier Famille"
    ).click()
    ouvrir_la_section(page, "Règlement intérieur")
    expect(page.get_by_role("heading", level=2, name="Règlement intérieur")).to_be_visible()


def signer_pour_chaque_enfant(page: Page, enfants=ENFANTS) -> None:
    """From the règlement page: « Accéder à la fiche », tick, sign, for each child."""
    liste = page.get_by_role("list", name="Enfants inscrits")
    for nom in enfants:
        ligne = liste.get_by_role("listitem").filter(has_text=nom)
        expect(ligne).to_contain_text("À signer")
        ligne.get_by_role("link", name=f"Accéder à la fiche {de(nom)}").click()
        expect(
            page.get_by_role("heading", name="Règlement intérieur des services périscolaires")
        ).to_be_visible()
        page.get_by_label("J'ai pris connaissance du règlement intérieur").check()
        expect(page.get_by_label("Votre nom")).to_have_value("Camille Martin")
        page.get_by_label("Fait à").fill("Cestas")
        page.get_by_role("button", name="Valider et signer").click()
        expect(page.get_by_role("status").first).to_contain_text(
            f"La fiche {de(nom.split()[0])} est validée et signée."
        )
        expect(liste.get_by_role("listitem").filter(has_text=nom)).to_contain_text("Signé")


# --- The Education service in the Wagtail admin ---------------------------------------------


def connecter_agent(page: Page, live_server) -> None:
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Identifiant").fill(AGENT)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE_AGENT)
    page.get_by_role("button", name="S'identifier").click()
    expect(page.get_by_role("link", name="Tableau de bord")).to_be_visible()


def chercher_le_dossier(page: Page, numero: str = IDENTIFIANT):
    """Menu « Éducation » → « Dossiers », search the family: its row of the list."""
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("button", name="Éducation").click()
    menu.get_by_role("link", name="Dossiers", exact=True).click()
    expect(page.get_by_role("heading", name="Dossiers annuels", level=1)).to_be_visible()
    page.get_by_role("textbox", name="Terme de recherche").fill(numero)
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Il y a 1 correspondance")
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=f"{numero} — "))


def ouvrir_le_dossier_en_revue(page: Page, numero: str = IDENTIFIANT) -> None:
    chercher_le_dossier(page, numero).get_by_role("link", name=f"{numero} — ").click()
    expect(page.get_by_role("heading", name="État du dossier")).to_be_visible()


def accepter_chaque_piece(page: Page) -> list[str]:
    """Accept every piece still waiting on the review screen; returns their titles."""
    pieces = page.get_by_role("region", name="Pièces justificatives")
    acceptees = []
    while pieces.get_by_role("button", name="Accepter").count():
        article = (
            pieces.get_by_role("article")
            .filter(has=page.get_by_role("button", name="Accepter"))
            .first
        )
        titre = article.get_by_role("heading").inner_text().removesuffix(" *")
        article.get_by_role("button", name="Accepter").click()
        libelle = titre.split(" — ")[0]
        expect(page.get_by_text(f"Pièce « {libelle} » acceptée.")).to_be_visible()
        expect(
            pieces.get_by_role("article").filter(has=page.get_by_role("heading", name=titre))
        ).to_contain_text("Statut : Acceptée")
        acceptees.append(titre)
    return acceptees
