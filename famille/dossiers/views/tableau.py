"""Home of the Dossier Famille tab: the campaign, its deadline, what is done and what is left."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from ..services import campagne as svc
from ..services.garde_en_mots import phrases_de_garde
from .base import foyer_du_parent


def accueil(request: HttpRequest, page) -> HttpResponse:
    foyer = foyer_du_parent(request)
    campagne = svc.campagne_courante()
    contexte = page.get_context(request) | {
        "section": "accueil",
        "campagne": campagne,
        "en_campagne": svc.en_campagne(campagne),
        "prochaine": svc.prochaine_campagne(),
        "enfants": svc.enfants_du_foyer(foyer),
        "phrases_de_garde": phrases_de_garde(foyer),
    }
    if campagne is not None:
        # Pieces are uploaded elsewhere: the status is brought up to date when the family looks.
        etat = svc.etat_a_jour(svc.dossier_de(foyer, campagne), retrograder=False)
        contexte |= {
            "dossier": etat.dossier,
            "etat": etat,
            "fiches_faites": sum(1 for ligne in etat.fiches if ligne.fait),
            "pieces_faites": sum(1 for ligne in etat.pieces if ligne.fait),
            "reglements_faits": sum(1 for ligne in etat.reglements if ligne.fait),
        }
    return TemplateResponse(request, page.template, contexte)
