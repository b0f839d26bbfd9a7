"""Staff page « Compte de la famille » (issue 13.7): one family's ledger — balance, lines and
payments per structure — for the Éducation and Régie groups, who read it. The ledger-line
« view » permission is checked here (the page is a plain function view, outside the generic
views' own checks). Reads only: a correction is a new line, entered elsewhere."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.auth import permission_denied

from famille.dossiers.models import Foyer

from .services.compte import compte_famille
from .services.factures import debut_mois

NOM_URL = "facturation_compte_famille"
# By default: the current month and the five before it (the balance is always the whole).
MOIS_PAR_DEFAUT = 6


def _date(valeur: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(valeur) if valeur else None
    except ValueError:
        return None


def compte_de_la_famille(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("facturation.view_lignecompte"):
        return permission_denied(request)
    foyer = get_object_or_404(Foyer.objects.select_related("titulaire"), pk=pk)
    du = _date(request.GET.get("du"))
    au = _date(request.GET.get("au"))
    if du is None:
        du = debut_mois(timezone.localdate())
        for _ in range(MOIS_PAR_DEFAUT - 1):
            du = debut_mois(du - datetime.timedelta(days=1))
    if au is not None and au < du:
        du, au = au, du  # dates typed the wrong way round
    return TemplateResponse(
        request,
        "facturation/admin/compte_famille.html",
        {
            "foyer": foyer,
            "comptes": compte_famille(foyer.pk, du, au),
            "du": du,
            "au": au,
            "url_lignes": reverse("wagtailsnippets_facturation_lignecompte:list")
            + f"?foyer={foyer.numero}",
            "url_factures": reverse("wagtailsnippets_facturation_facture:list")
            + f"?q={foyer.numero}",
        },
    )


@hooks.register("register_admin_urls")
def urls_compte_famille():
    return [
        path("facturation/compte/<int:pk>/", compte_de_la_famille, name=NOM_URL),
    ]
