"""One page per family for the Education service (issue 9.5): the foyer, its responsables
légaux, the children with their custody (days in words), the dossier of the current campaign
with its fiches, pièces and règlements, the other parent's account, the letters sent and the
journal of changes — each with a link to act on it. Read-only: every action is a link to the
screen that already does it (and checks its own permission). Health content is never shown
here; health pièces only to the Éducation group, as on the review screen."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from famille.comptes.acces import voit_sante
from famille.comptes.models import Evenement

from ..models import Foyer, Garde, Modification
from ..services import campagne as campagne_service
from ..services import historique
from ..services import pieces as pieces_service
from .widgets import jours_en_mots

PERMISSION = "dossiers.view_foyer"


def url_fiche_famille(foyer: Foyer) -> str:
    return reverse("wagtailsnippets_dossiers_foyer:famille", args=[foyer.pk])


def _garde_en_mots(garde: Garde) -> str:
    if garde.regle == Garde.Regle.JOURS:
        return f"certains jours : {jours_en_mots(garde.jours) or 'aucun jour coché'}"
    if garde.regle == Garde.Regle.PERIODES:
        periodes = [f"du {p.debut:%d/%m/%Y} au {p.fin:%d/%m/%Y}" for p in garde.periodes.all()]
        return "périodes datées : " + ("; ".join(periodes) or "aucune période")
    return garde.get_regle_display().lower()


def _enfants(foyer: Foyer, utilisateur) -> list[dict]:
    enfants = campagne_service.enfants_du_foyer(foyer).select_related("ecole", "classe")
    resultat = []
    for enfant in enfants.prefetch_related("gardes__foyer__titulaire", "gardes__periodes"):
        resultat.append(
            {
                "enfant": enfant,
                "gardes": [
                    {
                        "garde": g,
                        "regle": _garde_en_mots(g),
                        "ce_foyer": g.foyer_id == foyer.pk,
                        "url_garde": reverse("wagtailsnippets_dossiers_garde:edit", args=[g.pk]),
                        "url_autre": url_fiche_famille(g.foyer) if g.foyer_id != foyer.pk else "",
                    }
                    for g in enfant.gardes.all()
                ],
                "url_enfant": reverse("wagtailsnippets_dossiers_enfant:edit", args=[enfant.pk]),
            }
        )
    return resultat


def fiche_famille(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    foyer = get_object_or_404(Foyer.objects.select_related("titulaire"), pk=pk)
    sante = voit_sante(request.user)
    campagne = campagne_service.campagne_courante()
    contexte = {
        "foyer": foyer,
        "titulaire": foyer.titulaire,
        "responsables": foyer.responsables.prefetch_related("enfants"),
        "enfants": _enfants(foyer, request.user),
        "campagne": campagne,
        "url_modifier": reverse("wagtailsnippets_dossiers_foyer:edit", args=[foyer.pk]),
        "url_historique": reverse("dossiers_historique") + f"?q={foyer.numero}",
        "courriers": Evenement.objects.filter(
            compte=foyer.titulaire, type=Evenement.Type.COURRIER
        ).select_related("auteur")[:20],
        "journal": [
            (m, historique.afficher(m, request.user))
            for m in Modification.objects.filter(foyer=foyer).select_related("enfant", "auteur")[
                :20
            ]
        ],
    }
    if campagne is not None:
        # Reading must not write: a family that never came has no dossier row yet.
        dossier = foyer.dossiers.filter(campagne=campagne).first()
        if dossier is not None:
            requises = pieces_service.pieces_requises(dossier)
            etat = campagne_service.etat(dossier, requises)
            contexte |= {
                "dossier": dossier,
                "etat": etat,
                "pieces": [
                    r for r in requises if sante or r.type not in pieces_service.TYPES_SANTE
                ],
                "url_revue": reverse("dossiers_revue:revue", args=[dossier.pk]),
            }
    return TemplateResponse(request, "dossiers/admin/fiche_famille.html", contexte)
