"""Plain Django views of bookings: the private agenda feed (no login: its URL is the secret)
and a stable link to its management page, for the profile."""

from django.urls import path

from .views import ical

app_name = "reservations"

urlpatterns = [
    path("agenda-prive/", ical.vers_gestion, name="agenda"),
    path("agenda-prive/<str:jeton>.ics", ical.flux, name="flux_agenda"),
]
