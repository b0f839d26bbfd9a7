"""« Aperçu » of a pièce's file on the review screen: a page showing each page of the file as
an image rendered on the server (services/pieces_apercu.py), so staff review a document
without downloading it and without their browser ever opening what a family uploaded. Same
permission as the download (health pièces: Éducation only)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks

from ..models import Fichier
from ..services import pieces as service
from ..services import pieces_apercu


def _fichier(request: HttpRequest, pk: int) -> Fichier:
    fichier = get_object_or_404(Fichier.objects.select_related("piece__dossier__foyer"), pk=pk)
    if not service.peut_voir_piece(request.user, fichier.piece):
        raise PermissionDenied
    return fichier


def apercu(request: HttpRequest, pk: int) -> HttpResponse:
    fichier = _fichier(request, pk)
    pages = pieces_apercu.nombre_de_pages(fichier)
    return TemplateResponse(
        request,
        "dossiers/admin/revue/apercu.html",
        {
            "fichier": fichier,
            "piece": fichier.piece,
            "pages": range(1, pages + 1),
            "limite": pieces_apercu.PAGES_MAX,
            "url_revue": reverse("dossiers_revue:revue", args=[fichier.piece.dossier_id]),
        },
    )


def image(request: HttpRequest, pk: int, page: int) -> HttpResponse:
    fichier = _fichier(request, pk)
    try:
        png = pieces_apercu.image_de_page(fichier, page)
    except pieces_apercu.ApercuImpossible as erreur:
        raise Http404("Aperçu impossible.") from erreur
    reponse = HttpResponse(png, content_type="image/png")
    reponse["Content-Disposition"] = "inline"
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Content-Security-Policy"] = "default-src 'none'; sandbox"
    reponse["Cache-Control"] = "private, no-store"
    return reponse


@hooks.register("insert_global_admin_css")
def css_admin() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("dossiers/admin.css"))
