"""The « Réservations » tab: per child the period's calendar, booking and cancelling by ticking
days or by « semaine type », a summary before confirming, the waiting-list offers (accepted or declined), and
« Signaler une absence » (views/absences.py). The views
live in famille/reservations/views/ and call the booking services; they never decide a rule."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from wagtail.contrib.routable_page.models import path

from famille.comptes.pages import OngletPage


class ReservationsPage(OngletPage):
    """The « Réservations » tab: view, book and cancel."""

    template = "reservations/reservations_page.html"

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        # The tab words its own error summary (the booking rules' refusals with the form's
        # errors): the frame's generic summary stays out, one alert per page.
        context["resume_erreurs_local"] = True
        return context

    class Meta:
        verbose_name = "onglet Réservations"

    # Views are imported inside each route: page models load before the views' dependencies.

    @path("", name="accueil")
    def accueil(self, request: HttpRequest) -> HttpResponse:
        from .views import calendrier

        return calendrier.accueil(request, self)

    @path("periode/<int:periode_id>/", name="periode")
    def periode(self, request: HttpRequest, periode_id: int) -> HttpResponse:
        from .views import calendrier

        return calendrier.periode(request, self, periode_id)

    @path("periode/<int:periode_id>/semaine-type/", name="semaine_type")
    def semaine_type(self, request: HttpRequest, periode_id: int) -> HttpResponse:
        from .views import calendrier

        return calendrier.semaine_type(request, self, periode_id)

    @path("periode/<int:periode_id>/confirmer/", name="confirmer")
    def confirmer(self, request: HttpRequest, periode_id: int) -> HttpResponse:
        from .views import confirmation

        return confirmation.confirmer(request, self, periode_id)

    @path("place-proposee/<int:reservation_id>/accepter/", name="accepter")
    def accepter(self, request: HttpRequest, reservation_id: int) -> HttpResponse:
        from .views import confirmation

        return confirmation.accepter(request, self, reservation_id)

    @path("place-proposee/<int:reservation_id>/refuser/", name="refuser")
    def refuser(self, request: HttpRequest, reservation_id: int) -> HttpResponse:
        from .views import confirmation

        return confirmation.refuser(request, self, reservation_id)

    @path("agenda/", name="agenda")
    def agenda(self, request: HttpRequest) -> HttpResponse:
        from .views import ical

        return ical.gerer(request, self)

    @path("absences/", name="absences")
    def absences(self, request: HttpRequest) -> HttpResponse:
        from .views import absences

        return absences.absences(request, self)

    @path("absences/<int:absence_id>/certificat/", name="certificat")
    def certificat(self, request: HttpRequest, absence_id: int) -> HttpResponse:
        from .views import absences

        return absences.certificat(request, self, absence_id)

    @path("absences/<int:absence_id>/certificat/telecharger/", name="certificat_telecharger")
    def telecharger_certificat(self, request: HttpRequest, absence_id: int) -> HttpResponse:
        from .views import absences

        return absences.telecharger_certificat(request, self, absence_id)
