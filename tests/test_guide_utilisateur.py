"""The user guide (issue 10.11): a real guide following the memo's steps and the screens'
words, « Je dépose les documents demandés » on page 10 as the memo says, linked from the menu.
Its screenshots come from scripts/guide_captures.py (run against the demo, not in tests)."""

from __future__ import annotations

import io

from pypdf import PdfReader

from home import guide


def pages_du_guide(contenu: bytes) -> list[str]:
    # Whitespace made single: the PDF's line breaks fall anywhere in a sentence.
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(contenu)).pages]


def test_le_guide_suit_le_memo_et_les_mots_des_ecrans(db):
    pages = pages_du_guide(guide.construire())
    texte = "\n".join(pages)
    for mots in (
        "Se connecter",
        "Enregistrer le mot de passe",
        "Le mot de passe a bien été enregistré",
        "Réinitialiser votre mot de passe",
        "Accéder à la fiche",
        "Valider et signer",
        "Ce qu'il vous reste à faire",
        "Dossier Famille",
        "Déposer",
        "2 Mo maxi par fichier",
        "Justificatif de domicile de moins de deux mois".lower(),
        "Je réserve",
    ):
        assert mots in texte, mots
    # « infos en page 10 du Guide utilisateurs disponible en ligne » (the memo, step 4).
    assert pages[9].startswith("Je dépose les documents demandés")
    assert "Je dépose les documents demandés ...." in pages[0]


def test_le_guide_de_la_demo_est_dans_le_menu(client, demo):
    from home.models import ParametresPortail

    document = ParametresPortail.load().guide_utilisateur
    assert document.title == guide.TITRE
    html = client.get("/connexion/").content.decode()
    assert f'href="{document.url}"' in html and "Guide utilisateur" in html
    with document.file.open("rb") as fichier:
        assert pages_du_guide(fichier.read())[9].startswith("Je dépose les documents demandés")
