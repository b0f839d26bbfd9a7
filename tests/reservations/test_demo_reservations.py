"""The demo's bookings, made through the real services: what the README's accounts show."""

from __future__ import annotations

from django.utils import timezone

from famille.reservations.models import Absence, PeriodeReservation, Reservation


def test_reservations_de_la_demo(demo):
    actives = Reservation.objects.filter(statut="reservee")
    assert actives.filter(foyer__numero="F1002").count() > 10
    # The separated family: each parent books their own weeks.
    paires = {r.date.isocalendar()[1] % 2 for r in actives.filter(foyer__numero="F1002")}
    impaires = {r.date.isocalendar()[1] % 2 for r in actives.filter(foyer__numero="F1003")}
    assert paires == {0} and impaires == {1}
    # A full evening with a waiting list.
    attente = Reservation.objects.get(statut="attente", foyer__numero="F1002")
    assert attente.prestation.code == "soir" and attente.enfant.prenom == "Chloé"
    assert (
        actives.filter(prestation=attente.prestation, date=attente.date).count()
        == attente.prestation.capacites.get(date=attente.date).capacite
    )
    # A period opening in the future: its countdown.
    assert PeriodeReservation.objects.filter(ouverture__gt=timezone.now()).exists()
    # An illness reported by the mother, its certificate waiting for the Education service.
    absence = Absence.objects.get(foyer__numero="F1002")
    assert absence.statut == Absence.Statut.A_VERIFIER and absence.certificat
