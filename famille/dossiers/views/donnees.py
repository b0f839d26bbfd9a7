"""« Mes données »: the parent downloads everything the portal holds on their family."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from ..services import rgpd
from .base import foyer_du_parent

FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "json": ("application/json; charset=utf-8", "json"),
}


def index(request: HttpRequest, page) -> HttpResponse:
    foyer_du_parent(request)
    return TemplateResponse(
        request, "dossiers/donnees.html", page.get_context(request) | {"sous_titre": "Mes données"}
    )


def export(request: HttpRequest, page, format: str) -> HttpResponse:
    if format not in FORMATS:
        raise Http404("Format inconnu.")
    foyer = foyer_du_parent(request)
    donnees = rgpd.donnees_du_foyer(foyer)
    contenu = rgpd.en_pdf(donnees, foyer) if format == "pdf" else rgpd.en_json(donnees)
    type_mime, extension = FORMATS[format]
    reponse = HttpResponse(contenu, content_type=type_mime)
    reponse["Content-Disposition"] = (
        f'attachment; filename="mes-donnees-portail-famille.{extension}"'
    )
    reponse["Cache-Control"] = "private, no-store"
    return reponse
