"""The one access helper per object kind the Réservations views call first: the parent's foyer
and children, a booking period of the structures the account is known to, a booking of the
parent's own foyer. Anything else is a 404, never a hint that it exists. Also the one place
that tells the waiting room a family has started booking (reservation_commencee) or waits on
a countdown (attend_l_ouverture)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from famille.dossiers.models import Enfant, Foyer
from famille.dossiers.views.base import foyer_du_parent

from ..models import PeriodeReservation, Reservation

__all__ = [
    "enfants_du_parent",
    "foyer_du_parent",
    "periode_du_parent",
    "attend_l_ouverture",
    "reservation_commencee",
    "reservation_du_parent",
]


def reservation_commencee(request: HttpRequest) -> None:
    """The family is booking (an open period's calendar, a choice, a confirmation): the
    waiting room's middleware (portail/salle_attente.py) then gives it a signed booking pass,
    renewed by each of these pages, so that it is never sent back to the waiting room in the
    middle of its booking. Not on the countdown: the families waiting for the opening queue
    like everyone else at the opening minute."""
    request.reservation_commencee = True


def attend_l_ouverture(request: HttpRequest) -> None:
    """The family waits on a countdown: the waiting room gives it no short admission pass, and
    takes back one it holds. A pass taken by a refresh in the last seconds before the opening
    let about half the families of the 2,500-family run in at once when it opened (the pass
    lasts SALLE_ATTENTE_DUREE_ADMISSION s, the countdown is refreshed every half minute): every
    gunicorn thread busy, pages — the waiting page too — answered in 5 to 7 s for the first
    half minute. Without it they queue at the opening minute, in their order of arrival."""
    request.salle_attente_sans_laissez_passer = True


def enfants_du_parent(foyer: Foyer) -> list[Enfant]:
    """The children linked to the foyer, eldest first (both separated parents see them)."""
    return list(
        Enfant.objects.filter(gardes__foyer=foyer).order_by("date_naissance", "prenom", "pk")
    )


def periode_du_parent(request: HttpRequest, periode_id: int) -> PeriodeReservation:
    foyer_du_parent(request)
    structures = [s.pk for s in getattr(request, "structures", [])]
    periode = get_object_or_404(
        PeriodeReservation.objects.select_related("structure"),
        pk=periode_id,
        structure_id__in=structures,
    )
    if request.method == "POST":  # a choice, a summary confirmed, an offer accepted
        reservation_commencee(request)
    return periode


def reservation_du_parent(request: HttpRequest, reservation_id: int) -> Reservation:
    return get_object_or_404(Reservation, pk=reservation_id, foyer=foyer_du_parent(request))
