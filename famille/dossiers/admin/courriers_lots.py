"""The progress page of a batch of identifiant letters made in the background, and its file
(PDF letters, or a CSV for a mail merge after an import),
served from private storage to the staff member who asked for it (it holds readable initial
passwords), who can delete it once printed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin import messages

from famille.comptes.models import LotCourriers

PERMISSION_COURRIERS = "dossiers.change_foyer"


def lot_permis(request, pk: int) -> LotCourriers:
    """The batch, for its author with the letters permission; another agent gets a 404."""
    if not request.user.has_perm(PERMISSION_COURRIERS):
        raise PermissionDenied
    lot = get_object_or_404(LotCourriers, pk=pk)
    if lot.auteur_id != request.user.pk:
        raise Http404
    return lot


def lot(request, pk):
    lot_ = lot_permis(request, pk)
    reponse = TemplateResponse(
        request, "dossiers/admin/comptes_famille/lot_courriers.html", {"lot": lot_}
    )
    add_never_cache_headers(reponse)
    return reponse


def telecharger(request, pk):
    lot_ = lot_permis(request, pk)
    if lot_.statut != LotCourriers.Statut.PRET or not lot_.fichier:
        raise Http404
    pdf = lot_.format == LotCourriers.Format.PDF
    reponse = FileResponse(
        lot_.fichier.open("rb"),
        as_attachment=True,
        filename="courriers-identifiants.pdf" if pdf else "identifiants.csv",
        content_type="application/pdf" if pdf else "text/csv; charset=utf-8",
    )
    add_never_cache_headers(reponse)
    return reponse


@require_POST
def supprimer(request, pk):
    lot_ = lot_permis(request, pk)
    if lot_.fichier:
        lot_.fichier.delete(save=False)
    lot_.statut = LotCourriers.Statut.SUPPRIME
    lot_.save(update_fields=["fichier", "statut"])
    messages.success(request, "Le fichier des identifiants est supprimé.")
    return redirect("dossiers_lot_courriers", pk)


@hooks.register("register_admin_urls")
def urls_lots():
    return [
        path("courriers/<int:pk>/", lot, name="dossiers_lot_courriers"),
        path("courriers/<int:pk>/pdf/", telecharger, name="dossiers_lot_courriers_pdf"),
        path("courriers/<int:pk>/supprimer/", supprimer, name="dossiers_lot_courriers_supprimer"),
    ]
