"""The « Guide utilisateur du Portail Famille » (issue 10.11): the PDF the memo points to
(« infos en page 10 du Guide utilisateurs disponible en ligne »), linked from every page's menu
through ParametresPortail.guide_utilisateur. Its text follows the memo's steps and the words of
the screens; its screenshots (phone width, demo data) are taken by scripts/guide_captures.py,
so that the guide is rebuilt whenever the screens change. Without screenshots (a fresh demo)
the same guide is built with text only."""

from __future__ import annotations

from pathlib import Path

from django.core.files.base import ContentFile
from django.template.loader import render_to_string

TITRE = "Guide utilisateur du Portail Famille"

# The screenshots the guide shows, in the memo's order: name -> caption.
CAPTURES = {
    "connexion": "La page de connexion",
    "premiere-connexion": "Première connexion : le mot de passe personnel",
    "reinitialisation": "« Réinitialiser votre mot de passe »",
    "consentements": "RGPD et conditions générales d'utilisation",
    "accueil": "L'onglet Accueil et « Ce qu'il vous reste à faire »",
    "menu": "Sur un téléphone : le menu en haut à droite",
    "dossier-famille": "L'onglet violet « Dossier Famille »",
    "profil": "Profil utilisateur : mot de passe et adresses e-mail",
    "fiche-famille": "La fiche famille",
    "pieces": "Les pièces justificatives",
    "reglement": "Le règlement intérieur de chaque enfant",
    "reglement-fiche": "« Accéder à la fiche » : valider et signer",
    "reservations": "L'onglet Réservations",
    "historique": "L'onglet Historique",
    "paiement": "L'onglet Paiement",
}


def construire(captures: Path | None = None, contact=None) -> bytes:
    """The guide as PDF bytes, with the screenshots found in `captures` (PNG files named as in
    CAPTURES)."""
    from weasyprint import HTML  # late: it loads pango

    images = {}
    if captures is not None:
        for nom in CAPTURES:
            chemin = captures / f"{nom}.png"
            if chemin.exists():
                images[nom.replace("-", "_")] = chemin.resolve().as_uri()
    html = render_to_string(
        "home/guide/guide_utilisateur.html",
        {
            "titre": TITRE,
            "img": images,
            "legendes": {k.replace("-", "_"): v for k, v in CAPTURES.items()},
            "contact": contact,
        },
    )
    return HTML(string=html, base_url=str(captures or ".")).write_pdf()


def publier(contenu: bytes):
    """Put the guide in the Wagtail document linked from the menu (created if needed)."""
    from wagtail.documents import get_document_model

    from .models import ParametresPortail

    Document = get_document_model()
    parametres = ParametresPortail.load()
    guide = parametres.guide_utilisateur or Document.objects.filter(title=TITRE).first()
    if guide is None:
        guide = Document(title=TITRE)
    elif guide.file:
        guide.file.delete(save=False)
    guide.file.save("guide-portail-famille.pdf", ContentFile(contenu), save=False)
    guide.save()
    if parametres.guide_utilisateur_id != guide.pk:
        parametres.guide_utilisateur = guide
        parametres.save()
    return guide
