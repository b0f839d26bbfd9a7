"""The open days of a booking period for a prestation: its weekdays, less French public
holidays (`holidays`), less the school holidays of the structure's zone
(`vacances-scolaires-france`, offline data), less the closures staff enter (Fermeture); the
holiday centre is the other way round: open during the zone's school holidays only.

Every closed day comes with its French reason, shown on the parent's calendar and in refusals.

Past the school-holiday data (the installed library ends with its last published school year:
31 August 2028 for 0.12), nothing is guessed: school-term prestations are open on their
weekdays — staff close the holidays by hand with closures (Fermeture) until the library is
updated — and the holiday centre is closed with that reason (a day cannot be opened by hand).
Staff are warned in the admin when they save a booking period that runs past the known
holidays (`avertissement_vacances`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import lru_cache

import holidays
from vacances_scolaires_france import SchoolHolidayDates

from ..models import Fermeture, PeriodeReservation, Prestation

OUVERT = ""


@lru_cache(maxsize=1)
def _vacances() -> SchoolHolidayDates:
    return SchoolHolidayDates()  # reads the library's CSV once per process


@lru_cache(maxsize=32)
def _feries(annee: int) -> dict[datetime.date, str]:
    return dict(holidays.France(years=annee, language="fr"))


@lru_cache(maxsize=1)
def fin_des_vacances_connues() -> datetime.date:
    """The last day the school-holiday data knows (end of its last school year)."""
    return max(_vacances().data)


VACANCES_INCONNUES = "Vacances scolaires pas encore publiées pour ce jour"


def avertissement_vacances(fin: datetime.date) -> str:
    """For staff: a period ending past the known school holidays ("" when it does not)."""
    connue = fin_des_vacances_connues()
    if fin <= connue:
        return ""
    return (
        f"Les vacances scolaires ne sont connues que jusqu'au {connue:%d/%m/%Y} : après cette "
        "date, les accueils périscolaires restent ouverts pendant les vacances et le centre de "
        "loisirs des vacances reste fermé. Saisissez les vacances comme fermetures, ou mettez à "
        "jour la bibliothèque vacances-scolaires-france."
    )


def vacances_scolaires(jour: datetime.date, zone: str) -> str:
    """The name of the school holidays of this zone on that day (« Vacances de la Toussaint »),
    or "" for a school day."""
    ligne = _vacances().data.get(jour)  # a day past the library's data: no holidays known
    if ligne and ligne.get(f"vacances_zone_{zone.lower()}"):
        return ligne["nom_vacances"]
    return ""


def ferie(jour: datetime.date) -> str:
    return _feries(jour.year).get(jour, "")


def fermetures_de(structure_id: int, debut: datetime.date, fin: datetime.date) -> list[Fermeture]:
    """The closures overlapping [debut, fin], with their prestations (two queries)."""
    return list(
        Fermeture.objects.filter(structure_id=structure_id, debut__lte=fin, fin__gte=debut)
        .prefetch_related("prestations")
        .order_by("debut")
    )


def _fermeture(jour: datetime.date, prestation: Prestation, fermetures: Iterable[Fermeture]):
    for fermeture in fermetures:
        if fermeture.debut <= jour <= fermeture.fin:
            concernees = {p.pk for p in fermeture.prestations.all()}
            if not concernees or prestation.pk in concernees:
                return fermeture.motif
    return ""


def motif_fermeture(
    prestation: Prestation, jour: datetime.date, zone: str, fermetures: Iterable[Fermeture]
) -> str:
    """Why this prestation is closed that day ("" when it is open). The prestation's weekdays
    are checked by the caller (a day that is not one of them is simply not shown)."""
    nom_ferie = ferie(jour)
    if nom_ferie:
        return f"Jour férié ({nom_ferie})"
    vacances = vacances_scolaires(jour, zone)
    if prestation.pour_vacances and not vacances:
        if jour > fin_des_vacances_connues():
            return VACANCES_INCONNUES
        return "Hors vacances scolaires"
    if vacances and not prestation.pour_vacances:
        return vacances
    motif = _fermeture(jour, prestation, fermetures)
    return f"Fermé : {motif}" if motif else OUVERT


def jours_de(
    prestation: Prestation,
    debut: datetime.date,
    fin: datetime.date,
    zone: str,
    fermetures: Iterable[Fermeture],
) -> dict[datetime.date, str]:
    """Each of the prestation's weekdays in [debut, fin] with its closing reason ("" = open)."""
    fermetures = list(fermetures)
    semaine = prestation.jours_iso
    jours = {}
    jour = debut
    while jour <= fin:
        if jour.isoweekday() in semaine:
            jours[jour] = motif_fermeture(prestation, jour, zone, fermetures)
        jour += datetime.timedelta(days=1)
    return jours


def calendrier(periode: PeriodeReservation, prestation: Prestation) -> dict[datetime.date, str]:
    """The period's days for a prestation, each with its closing reason ("" = open)."""
    structure = periode.structure
    fermetures = fermetures_de(structure.pk, periode.debut, periode.fin)
    return jours_de(prestation, periode.debut, periode.fin, structure.zone_vacances, fermetures)


def jours_ouverts(periode: PeriodeReservation, prestation: Prestation) -> list[datetime.date]:
    return [jour for jour, motif in calendrier(periode, prestation).items() if not motif]
