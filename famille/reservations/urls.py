"""Plain Django views of bookings: the private agenda feed (no login: its URL is the secret),
a stable link to its management page, for the profile, and the animators' attendance screen."""

from django.urls import path

from .views import ical, pointage

app_name = "reservations"

urlpatterns = [
    path("agenda-prive/", ical.vers_gestion, name="agenda"),
    path("agenda-prive/<str:jeton>.ics", ical.flux, name="flux_agenda"),
    # The animators' attendance screen (staff page of its own, see views/pointage.py).
    path("pointage/", pointage.choix, name="pointage"),
    path("pointage/<int:prestation_id>/", pointage.liste, name="pointage_liste"),
]
