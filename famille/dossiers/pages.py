"""The purple « Dossier Famille » tab: Profil utilisateur and the family's fiches, each a route
of this page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.contrib.routable_page.models import path

from famille.comptes.pages import OngletPage


class DossierFamillePage(OngletPage):
    template = "dossiers/dossier_famille_page.html"

    class Meta:
        verbose_name = "onglet Dossier Famille"

    @path("")
    def accueil(self, request: HttpRequest) -> HttpResponse:
        return TemplateResponse(request, self.template, self.get_context(request))

    @path("profil/", name="profil")
    def profil(self, request: HttpRequest) -> HttpResponse:
        from famille.comptes.views.profil import profil

        return profil(request, page=self)
