"""The « Exporter » page: each list the user may see, with its filters, in CSV or XLSX."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone

from ..listes import exporter, liste, listes_permises
from ..services.exports import reponse_fichier


def index(request):
    listes = listes_permises(request.user)
    if not listes:
        raise PermissionDenied
    return TemplateResponse(
        request,
        "transfers/exports.html",
        {"listes": [(item, item.filtre(queryset=item.queryset().none())) for item in listes]},
    )


def telecharger(request, cle):
    item = liste(cle)
    if item is None:
        raise Http404
    if not request.user.has_perm(item.permission):
        raise PermissionDenied
    filtre = item.filtre(request.GET or None, queryset=item.queryset())
    format = request.GET.get("format", "csv")
    if request.GET and not filtre.is_valid():
        return TemplateResponse(
            request,
            "transfers/exports.html",
            {"listes": [(item, filtre)], "erreur": True},
            status=400,
        )
    entetes, lignes = exporter(item, request.user, request.GET)
    nom = f"{item.cle}-{timezone.localdate():%Y-%m-%d}"
    return reponse_fichier(entetes, lignes, format, nom)
