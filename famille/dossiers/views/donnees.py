"""« Mes données »: the parent downloads everything the portal holds on their family. The JSON
is immediate; the PDF is prepared in the background (services/rgpd_export.py) and downloaded
from this page once ready."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from ..services import rgpd, rgpd_export
from .base import foyer_du_parent
from .pieces import reponse_fichier

FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "json": ("application/json; charset=utf-8", "json"),
}


def index(request: HttpRequest, page) -> HttpResponse:
    foyer = foyer_du_parent(request)
    if request.method == "POST":
        rgpd_export.demander(foyer, request.user)
        messages.success(
            request,
            "Votre document est en préparation. Il sera prêt dans quelques minutes : revenez"
            " sur cette page ; un e-mail vous prévient aussi.",
        )
        return redirect(page.url + page.reverse_subpage("mes_donnees"))
    return TemplateResponse(
        request,
        "dossiers/donnees.html",
        page.get_context(request)
        | {"sous_titre": "Mes données", "export": rgpd_export.du_foyer(foyer)},
    )


def export(request: HttpRequest, page, format: str) -> HttpResponse:
    if format not in FORMATS:
        raise Http404("Format inconnu.")
    foyer = foyer_du_parent(request)
    if format == "pdf":
        # The document prepared in the background for this foyer only; none ready: 404.
        pret = rgpd_export.du_foyer(foyer)
        if pret is None or pret.pret_le is None or not pret.fichier:
            raise Http404("Aucun document prêt.")
        pret.nom_original = "mes-donnees-portail-famille.pdf"
        pret.type_mime = "application/pdf"
        return reponse_fichier(pret)
    contenu = rgpd.en_json(rgpd.donnees_du_foyer(foyer))
    type_mime, extension = FORMATS[format]
    reponse = HttpResponse(contenu, content_type=type_mime)
    reponse["Content-Disposition"] = (
        f'attachment; filename="mes-donnees-portail-famille.{extension}"'
    )
    reponse["Cache-Control"] = "private, no-store"
    return reponse
