"""The parent's Historique and Paiement tabs; their views live in famille/facturation/views/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from wagtail.contrib.routable_page.models import path

from famille.comptes.pages import OngletPage


class HistoriquePage(OngletPage):
    """The « Historique » tab: consumptions and payments, this month and the previous one;
    older months as monthly statements (PDF)."""

    template = "facturation/historique_page.html"

    class Meta:
        verbose_name = "onglet Historique"

    # Views are imported inside each route: page models load before the views' dependencies.

    @path("", name="accueil")
    def accueil(self, request: HttpRequest) -> HttpResponse:
        from ..views import historique

        return historique.accueil(request, self)

    @path("releve/<int:facture_id>/pdf/", name="facture_pdf")
    def facture_pdf(self, request: HttpRequest, facture_id: int) -> HttpResponse:
        from ..views import historique

        return historique.facture_pdf(request, self, facture_id)

    @path("attestation-fiscale/<int:annee>/pdf/", name="attestation_pdf")
    def attestation_pdf(self, request: HttpRequest, annee: int) -> HttpResponse:
        from ..views import historique

        return historique.attestation_pdf(request, self, annee)

    @path("ticket/<int:transaction_id>/pdf/", name="ticket_pdf")
    def ticket_pdf(self, request: HttpRequest, transaction_id: int) -> HttpResponse:
        from ..views import historique

        return historique.ticket_pdf(request, self, transaction_id)


class PaiementPage(OngletPage):
    """The « Paiement » tab: the balance, apart the bookings still to come, « Effectuer un
    règlement » and the return page from the bank."""

    template = "facturation/paiement_page.html"

    class Meta:
        verbose_name = "onglet Paiement"

    @path("", name="accueil")
    def accueil(self, request: HttpRequest) -> HttpResponse:
        from ..views import paiement

        return paiement.accueil(request, self)

    @path("retour/<int:transaction_id>/", name="retour")
    def retour(self, request: HttpRequest, transaction_id: int) -> HttpResponse:
        from ..views import paiement

        return paiement.retour(request, self, transaction_id)
