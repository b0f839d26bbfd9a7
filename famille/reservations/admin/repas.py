"""The kitchens' meal counts in the admin (menu Éducation): the restaurant sites with their
kitchen's e-mail and hour, the day's counts of every site (frozen, morning's changes, now) and
a printable page per site. Every view checks the viewer's model permission; the kitchens get
numbers only (variants and PAI counts), never a child's name."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from famille.comptes.wagtail_hooks import MENU_EDUCATION

from ..models_repas import SiteRepas
from ..services import repas
from ..services.delais import PARIS

PERMISSION_EFFECTIFS = "reservations.view_effectifrepas"


class SiteRepasViewSet(SnippetViewSet):
    model = SiteRepas
    icon = "home"
    menu_label = "Sites de restauration"
    menu_order = 560
    menu_hook = MENU_EDUCATION
    list_display = ["nom", "structure", "email", "heure_cuisine"]
    list_filter = {"structure": ["exact"]}
    search_fields = ["nom"]
    panels = [
        FieldRowPanel([FieldPanel("nom"), FieldPanel("structure")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("heure_cuisine")]),
        FieldPanel("ecoles"),
        FieldPanel("prestations"),
    ]


register_snippet(SiteRepasViewSet())


class JourForm(forms.Form):
    jour = forms.DateField(label="Jour", widget=forms.DateInput(attrs={"type": "date"}))


def _jour(request) -> tuple[JourForm, datetime.date]:
    form = JourForm(request.GET or {"jour": timezone.localdate().isoformat()})
    jour = form.cleaned_data["jour"] if form.is_valid() else timezone.localdate()
    return form, jour


def effectifs(request):
    """All the sites' counts of a day, with the morning's differences."""
    if not request.user.has_perm(PERMISSION_EFFECTIFS):
        raise PermissionDenied
    form, jour = _jour(request)
    gel = repas.heure_gel(jour)
    return TemplateResponse(
        request,
        "reservations/repas/effectifs.html",
        {
            "form": form,
            "jour": jour,
            "effectifs": repas.effectifs_du_jour(jour),
            "heure_gel": gel.astimezone(PARIS) if gel else None,
        },
    )


def imprimer(request):
    """One printed page per site (all sites, or the one given)."""
    if not request.user.has_perm(PERMISSION_EFFECTIFS):
        raise PermissionDenied
    _, jour = _jour(request)
    site_ids = None
    if request.GET.get("site"):
        try:
            site_ids = [get_object_or_404(SiteRepas, pk=int(request.GET["site"])).pk]
        except ValueError as erreur:
            raise Http404 from erreur
    return TemplateResponse(
        request,
        "reservations/repas/impression.html",
        {"jour": jour, "effectifs": repas.effectifs_du_jour(jour, site_ids)},
    )


@hooks.register("register_admin_urls")
def urls():
    return [
        path("repas-effectifs/", effectifs, name="repas_effectifs"),
        path("repas-effectifs/imprimer/", imprimer, name="repas_imprimer"),
    ]


class _Item(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(PERMISSION_EFFECTIFS)


@hooks.register(MENU_EDUCATION)
def menu_effectifs() -> MenuItem:
    return _Item("Effectifs des repas", reverse("repas_effectifs"), icon_name="table", order=555)
