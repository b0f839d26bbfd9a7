"""What happened on day D, per child and prestation: the only thing billing reads from the
booking side (which never knows a price).

Each `Evenement` is (foyer, enfant, prestation, jour, etat, source) where etat is one of the five
end-of-day states of the design. Today it is built from `Reservation` rows alone:

- statut « reservee » on a past day → RESERVE_PRESENT (billed « à la réservation »);
  `hors_delai` (booked by staff past the deadline) adds the late-booking surcharge; if the
  family reported the child absent that day, ABSENT_JUSTIFIE once the Education service
  accepted the justification, ABSENT_NON_JUSTIFIE otherwise (booked, not cancelled in time:
  billed at the structure's unjustified-absence rate, 100 % by default). A justification
  accepted after the nightly job's replay window (a week) is corrected by hand;
- statut « annulee » with `hors_delai` (cancelled past the deadline) → ABSENT_NON_JUSTIFIE:
  not cancelled in time, billed at the unjustified-absence rate;
- statut « annulee » in time → ANNULE (nothing billed, but a line billed earlier is reversed);
- waiting list or proposals → nothing.

For prestations billed « au pointage », the states come from attendance
(famille.reservations.services.pointage.etats_du_jour: a mark wins, source_type « presence »),
and `jour_clos` requires the structure's day closed by the Education service.

Memory: events are read foyer range by foyer range (`tranches`), as tuples, never a whole day."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from famille.dossiers.models import Enfant, Foyer
from famille.facturation.models import ReglesFacturation
from famille.reservations.models import Absence, Reservation
from famille.reservations.services import pointage

# The five end-of-day states are the bookings side's (one rule in one place).
from famille.reservations.services.pointage import (  # noqa: E402
    ABSENT_JUSTIFIE,
    ABSENT_NON_JUSTIFIE,
    ANNULE,
    PRESENT_NON_PREVU,
    RESERVE_PRESENT,
    SOURCE_PRESENCE,
    SOURCE_RESERVATION,
)

__all__ = ["SOURCE_PRESENCE", "Evenement", "evenements", "jour_clos", "tranches"]

LIBELLES_ETAT = {
    RESERVE_PRESENT: "réservé et présent",
    ABSENT_JUSTIFIE: "absent justifié",
    ABSENT_NON_JUSTIFIE: "absent non justifié",
    PRESENT_NON_PREVU: "présent non prévu",
    ANNULE: "annulé dans les délais",
}


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


def _prestations_au_pointage() -> list[int]:
    return list(
        ReglesFacturation.objects.filter(mode=ReglesFacturation.Mode.POINTAGE).values_list(
            "prestation_id", flat=True
        )
    )


def jour_clos(jour: datetime.date) -> bool:
    """A day may be billed once it is over and, where a prestation is billed « au pointage »
    and was booked or marked that day, once its structure's day is closed."""
    if jour >= timezone.localdate():
        return False
    au_pointage = _prestations_au_pointage()
    if not au_pointage:
        return True
    return pointage.structures_a_cloturer(jour, au_pointage) == set()


def _etat(statut: str, hors_delai: bool, absence: str | None = None) -> str | None:
    if statut == Reservation.Statut.RESERVEE:
        if absence is None:
            return RESERVE_PRESENT
        return ABSENT_JUSTIFIE if absence == Absence.Statut.ACCEPTEE else ABSENT_NON_JUSTIFIE
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
    au_pointage = _prestations_au_pointage()
    if au_pointage:
        reservations = reservations.exclude(prestation_id__in=au_pointage)
    # The absence the family reported for the child that day (one per child and day), if any.
    signalee = Absence.objects.filter(enfant_id=OuterRef("enfant_id"), jour=jour)
    reservations = reservations.annotate(
        absence_signalee=Exists(signalee),
        absence_statut=signalee.values("statut")[:1],
    )
    champs += ["absence_signalee", "absence_statut"]
    resultat = []
    for ligne in reservations.order_by("foyer_id", "id").values_list(*champs):
        hors_delai = bool(ligne[9]) if avec_delai else False
        etat = _etat(ligne[8], hors_delai, ligne[-1] if ligne[-2] else None)
        if etat is not None:
            resultat.append(_evenement(ligne, etat, hors_delai))
    if au_pointage:
        resultat.extend(_evenements_du_pointage(jour, au_pointage, apres, jusqua))
        resultat.sort(key=lambda e: e.foyer_id)
    return resultat


def _evenements_du_pointage(jour, prestation_ids, apres, jusqua) -> list[Evenement]:
    """Attendance states as events, with the child's and foyer's fields pricing needs (two
    queries for the whole range, not one per event)."""
    etats = pointage.etats_du_jour(jour, prestation_ids, apres, jusqua)
    if not etats:
        return []
    enfants = {
        pk: (naissance, prenom)
        for pk, naissance, prenom in Enfant.objects.filter(
            pk__in={e.enfant_id for e in etats}
        ).values_list("pk", "date_naissance", "prenom")
    }
    residents = dict(
        Foyer.objects.filter(pk__in={e.foyer_id for e in etats}).values_list("pk", "reside_commune")
    )
    return [
        Evenement(
            foyer_id=e.foyer_id,
            enfant_id=e.enfant_id,
            prestation_id=e.prestation_id,
            jour=e.jour,
            etat=e.etat,
            source_type=e.source_type,
            source_id=e.source_id,
            hors_delai=e.hors_delai,
            reside_commune=residents[e.foyer_id],
            enfant_naissance=enfants[e.enfant_id][0],
            enfant_prenom=enfants[e.enfant_id][1],
        )
        for e in etats
    ]


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
