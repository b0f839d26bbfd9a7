"""The private iCalendar feed of a family's bookings (RFC 5545, built with `icalendar`): a
secret URL per parent account, for a phone's calendar app, which cannot log in. The page of the
Réservations tab creates, shows and revokes it; the feed names children by first name only."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from ..models import JetonCalendrier, Reservation
from ..pages import ReservationsPage
from .acces import foyer_du_parent

# What the feed covers: a phone needs the weeks to come, not years of history.
PASSE = datetime.timedelta(days=31)
AVENIR = datetime.timedelta(days=400)


def gerer(request: HttpRequest, page) -> HttpResponse:
    foyer_du_parent(request)
    compte = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "creer":
            # A new link replaces the old one: whoever had the old address loses it.
            JetonCalendrier.objects.filter(compte=compte).delete()
            JetonCalendrier.objects.create(compte=compte)
            messages.success(request, "Votre lien d'agenda privé est prêt.")
        elif action == "revoquer":
            JetonCalendrier.objects.filter(compte=compte).delete()
            messages.success(
                request, "Le lien d'agenda est révoqué : il ne donne plus accès à vos réservations."
            )
        return redirect(page.url + page.reverse_subpage("agenda"))
    jeton = JetonCalendrier.objects.filter(compte=compte).first()
    lien = (
        request.build_absolute_uri(reverse("reservations:flux_agenda", args=[jeton.jeton]))
        if jeton
        else None
    )
    return TemplateResponse(
        request,
        "reservations/agenda.html",
        page.get_context(request)
        | {"jeton": jeton, "lien": lien, "sous_titre": "Agenda de mes réservations"},
    )


def vers_gestion(request: HttpRequest) -> HttpResponse:
    """A stable URL for the profile's link (the tab's URL is the staff's to choose)."""
    return redirect(ReservationsPage.url_de("agenda"))


def flux(request: HttpRequest, jeton: str) -> HttpResponse:
    jeton_calendrier = (
        JetonCalendrier.objects.select_related("compte__foyer").filter(jeton=jeton).first()
    )
    foyer = getattr(jeton_calendrier.compte, "foyer", None) if jeton_calendrier else None
    if foyer is None:
        raise Http404("Ce lien d'agenda n'existe pas ou a été révoqué.")
    aujourdhui = timezone.localdate()
    reservations = (
        Reservation.objects.filter(
            foyer=foyer,
            statut=Reservation.Statut.RESERVEE,
            date__gte=aujourdhui - PASSE,
            date__lte=aujourdhui + AVENIR,
        )
        .select_related("enfant", "prestation")
        .order_by("date", "prestation__ordre", "enfant__prenom")
    )
    calendrier = Calendar()
    calendrier.add("prodid", "-//Portail Famille//Réservations//FR")
    calendrier.add("version", "2.0")
    calendrier.add("x-wr-calname", "Réservations — Portail Famille")
    calendrier.add("x-wr-timezone", "Europe/Paris")
    horodatage = timezone.now()
    hote = request.get_host().split(":")[0]
    for reservation in reservations:
        evenement = Event()
        evenement.add("uid", f"reservation-{reservation.pk}@{hote}")
        evenement.add("dtstamp", horodatage)
        # All-day events: a booking is for a day, its hours are the service's.
        evenement.add("dtstart", reservation.date)
        evenement.add("dtend", reservation.date + datetime.timedelta(days=1))
        evenement.add("summary", f"{reservation.enfant.prenom} — {reservation.prestation.nom}")
        evenement.add("transp", "TRANSPARENT")
        calendrier.add_component(evenement)
    reponse = HttpResponse(calendrier.to_ical(), content_type="text/calendar; charset=utf-8")
    reponse["Content-Disposition"] = 'inline; filename="reservations.ics"'
    reponse["Cache-Control"] = "private, max-age=900"
    reponse["X-Robots-Tag"] = "noindex"
    return reponse
