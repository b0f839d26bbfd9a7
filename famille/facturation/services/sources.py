"""What happened on day D, per child and prestation: the only thing billing reads from the
booking side (which never knows a price).

Each `Evenement` is (foyer, enfant, prestation, jour, etat, source) where etat is one of the five
end-of-day states of the design. Today it is built from `Reservation` rows alone:

- statut « reservee » on a past day → RESERVE_PRESENT (billed « à la réservation »);
  `hors_delai` (booked by staff past the deadline) adds the late-booking surcharge;
- statut « annulee » with `hors_delai` (cancelled past the deadline) → ABSENT_NON_JUSTIFIE:
  not cancelled in time, billed at the unjustified-absence rate;
- statut « annulee » in time → ANNULE (nothing billed, but a line billed earlier is reversed);
- waiting list or proposals → nothing.

Attendance (issue 12) plugs in HERE: for prestations billed « au pointage », the states will be
read from attendance rows (réservé et présent, absent justifié, absent non justifié, présent non
prévu) with source_type « presence », and `jour_clos` will require the day's attendance closed.
Until then « au pointage » prestations are billed from bookings like the others.

Memory: events are read foyer range by foyer range (`tranches`), as tuples, never a whole day."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone

from famille.reservations.models import Reservation

RESERVE_PRESENT = "reserve_present"
ABSENT_JUSTIFIE = "absent_justifie"
ABSENT_NON_JUSTIFIE = "absent_non_justifie"
PRESENT_NON_PREVU = "present_non_prevu"
ANNULE = "annule"

LIBELLES_ETAT = {
    RESERVE_PRESENT: "réservé et présent",
    ABSENT_JUSTIFIE: "absent justifié",
    ABSENT_NON_JUSTIFIE: "absent non justifié",
    PRESENT_NON_PREVU: "présent non prévu",
    ANNULE: "annulé dans les délais",
}

SOURCE_RESERVATION = "reservation"
SOURCE_PRESENCE = "presence"  # issue 12


@dataclass(frozen=True, slots=True)
class Evenement:
    foyer_id: int
    enfant_id: int
    prestation_id: int
    jour: datetime.date
    etat: str
    source_type: str
    source_id: int
    hors_delai: bool
    # Read with the event so that pricing needs no query per line.
    reside_commune: bool
    enfant_naissance: datetime.date
    enfant_prenom: str


def _a_un_champ(nom: str) -> bool:
    return any(f.name == nom for f in Reservation._meta.get_fields())


def jour_clos(jour: datetime.date) -> bool:
    """A day may be billed once it is over (per mode: attendance closing comes with issue 12)."""
    return jour < timezone.localdate()


def _etat(statut: str, hors_delai: bool) -> str | None:
    if statut == Reservation.Statut.RESERVEE:
        return RESERVE_PRESENT
    if statut == Reservation.Statut.ANNULEE:
        return ABSENT_NON_JUSTIFIE if hors_delai else ANNULE
    return None


def tranches(jour: datetime.date, taille: int) -> Iterator[tuple[int, int]]:
    """(after, up to) foyer id bounds, each covering about `taille` events of the day: a whole
    foyer stays in one range (the sibling reduction ranks the foyer's children together)."""
    ids = (
        Reservation.objects.filter(date=jour)
        .order_by("foyer_id")
        .values_list("foyer_id", flat=True)
        .iterator(chunk_size=10000)
    )
    debut, compte, precedent = 0, 0, None
    for foyer_id in ids:
        if compte >= taille and foyer_id != precedent:
            yield debut, precedent
            debut, compte = precedent, 0
        compte += 1
        precedent = foyer_id
    if precedent is not None:
        yield debut, precedent


def evenements(jour: datetime.date, apres: int = 0, jusqua: int | None = None) -> list[Evenement]:
    """The day's events of the foyers whose id is in (apres, jusqua]."""
    reservations = Reservation.objects.filter(date=jour, foyer_id__gt=apres)
    if jusqua is not None:
        reservations = reservations.filter(foyer_id__lte=jusqua)
    champs = list(CHAMPS)
    avec_delai = _a_un_champ("hors_delai")
    if avec_delai:
        champs.append("hors_delai")
    resultat = []
    for ligne in reservations.order_by("foyer_id", "id").values_list(*champs):
        hors_delai = bool(ligne[9]) if avec_delai else False
        etat = _etat(ligne[8], hors_delai)
        if etat is not None:
            resultat.append(_evenement(ligne, etat, hors_delai))
    return resultat


# The columns an event is read from, in this order (then statut, hors_delai where needed).
CHAMPS = (
    "id",
    "foyer_id",
    "enfant_id",
    "prestation_id",
    "date",
    "foyer__reside_commune",
    "enfant__date_naissance",
    "enfant__prenom",
    "statut",
)


def _evenement(ligne: tuple, etat: str, hors_delai: bool) -> Evenement:
    return Evenement(
        foyer_id=ligne[1],
        enfant_id=ligne[2],
        prestation_id=ligne[3],
        jour=ligne[4],
        etat=etat,
        source_type=SOURCE_RESERVATION,
        source_id=ligne[0],
        hors_delai=hors_delai,
        reside_commune=ligne[5],
        enfant_naissance=ligne[6],
        enfant_prenom=ligne[7],
    )


def evenements_a_venir(
    foyer_id: int, structure_id: int | None, depuis: datetime.date
) -> list[Evenement]:
    """The foyer's bookings from `depuis` on, as events (for the « à venir » amount)."""
    reservations = Reservation.objects.filter(
        foyer_id=foyer_id, date__gte=depuis, statut=Reservation.Statut.RESERVEE
    )
    if structure_id is not None:
        reservations = reservations.filter(prestation__structure_id=structure_id)
    return [
        _evenement(ligne, RESERVE_PRESENT, False) for ligne in reservations.values_list(*CHAMPS)
    ]
