"""The purple « Dossier Famille » tab. Each section is a route of this page whose view lives in
famille/dossiers/views/ (or famille/comptes/views/ for the Profil utilisateur)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from wagtail.contrib.routable_page.models import path

from famille.comptes.pages import OngletPage


class DossierFamillePage(OngletPage):
    template = "dossiers/dossier_famille_page.html"

    class Meta:
        verbose_name = "onglet Dossier Famille"

    # Views are imported inside each route: page models load before the views' dependencies.

    @path("", name="accueil")
    def accueil(self, request: HttpRequest) -> HttpResponse:
        from .views import tableau

        return tableau.accueil(request, self)

    @path("profil/", name="profil")
    def profil(self, request: HttpRequest) -> HttpResponse:
        from famille.comptes.views.profil import profil

        return profil(request, self)

    @path("famille/", name="fiche_famille")
    def fiche_famille(self, request: HttpRequest) -> HttpResponse:
        from .views import fiches

        return fiches.famille(request, self)

    @path("contacts/", name="contacts")
    def contacts(self, request: HttpRequest) -> HttpResponse:
        from .views import fiches

        return fiches.contacts(request, self)

    @path("assurance/", name="assurance")
    def assurance(self, request: HttpRequest) -> HttpResponse:
        from .views import fiches

        return fiches.assurance(request, self)

    @path("autorisations/<int:enfant_id>/", name="autorisations")
    def autorisations(self, request: HttpRequest, enfant_id: int) -> HttpResponse:
        from .views import fiches

        return fiches.autorisations(request, self, enfant_id)

    @path("sante/<int:enfant_id>/", name="sante")
    def sante(self, request: HttpRequest, enfant_id: int) -> HttpResponse:
        from .views import fiches

        return fiches.sante(request, self, enfant_id)

    @path("valider/<slug:fiche>/", name="valider")
    @path("valider/<slug:fiche>/<int:enfant_id>/", name="valider_enfant")
    def valider(
        self, request: HttpRequest, fiche: str, enfant_id: int | None = None
    ) -> HttpResponse:
        from .views import fiches

        return fiches.valider(request, self, fiche, enfant_id)

    @path("pieces/", name="pieces")
    def pieces(self, request: HttpRequest) -> HttpResponse:
        from .views import pieces

        return pieces.liste(request, self)

    @path("pieces/fichier/<int:fichier_id>/", name="fichier")
    def fichier(self, request: HttpRequest, fichier_id: int) -> HttpResponse:
        from .views import pieces

        return pieces.telecharger(request, self, fichier_id)

    @path("pieces/fichier/<int:fichier_id>/supprimer/", name="fichier_supprimer")
    def fichier_supprimer(self, request: HttpRequest, fichier_id: int) -> HttpResponse:
        from .views import pieces

        return pieces.supprimer(request, self, fichier_id)

    @path("reglement/", name="reglement")
    def reglement(self, request: HttpRequest) -> HttpResponse:
        from .views import reglement

        return reglement.liste(request, self)

    @path("reglement/<int:enfant_id>/", name="reglement_fiche")
    def reglement_fiche(self, request: HttpRequest, enfant_id: int) -> HttpResponse:
        from .views import reglement

        return reglement.fiche(request, self, enfant_id)

    @path(
        "reglement/<int:enfant_id>/structure/<int:structure_id>/",
        name="reglement_fiche_structure",
    )
    def reglement_fiche_structure(
        self, request: HttpRequest, enfant_id: int, structure_id: int
    ) -> HttpResponse:
        from .views import reglement

        return reglement.fiche(request, self, enfant_id, structure_id)

    @path("reglement/signature/<int:signature_id>/pdf/", name="reglement_pdf")
    def reglement_pdf(self, request: HttpRequest, signature_id: int) -> HttpResponse:
        from .views import reglement

        return reglement.pdf(request, self, signature_id)

    @path("mes-donnees/", name="mes_donnees")
    def mes_donnees(self, request: HttpRequest) -> HttpResponse:
        from .views import donnees

        return donnees.index(request, self)

    @path("mes-donnees/<slug:format>/", name="mes_donnees_export")
    def mes_donnees_export(self, request: HttpRequest, format: str) -> HttpResponse:
        from .views import donnees

        return donnees.export(request, self, format)
