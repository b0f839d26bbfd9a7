"""« Semaine type »: prestations × weekdays, repeated every week, on even or odd ISO weeks, or
one week in two from a given week, for one child or several at once (« même chose pour ses
frères et sœurs »). Unfolding gives the days to ask for; whether each may be booked is
decided by operations.simuler / appliquer, day by day."""

from __future__ import annotations

import datetime

from ..models import PeriodeReservation
from .regles import Demande

RYTHMES = {
    "toutes": "Toutes les semaines",
    "paires": "Semaines paires",
    "impaires": "Semaines impaires",
    "une_sur_deux": "Une semaine sur deux",
}


def _semaine_retenue(jour: datetime.date, rythme: str, depuis: datetime.date) -> bool:
    if rythme == "toutes":
        return True
    if rythme in ("paires", "impaires"):
        return (jour.isocalendar().week % 2 == 0) == (rythme == "paires")
    # One week in two from the week of `depuis`, counted in weeks (not ISO numbers, which
    # break at a 53-week year).
    lundi = jour - datetime.timedelta(days=jour.isoweekday() - 1)
    lundi_depart = depuis - datetime.timedelta(days=depuis.isoweekday() - 1)
    return ((lundi - lundi_depart).days // 7) % 2 == 0


def deplier(
    periode: PeriodeReservation,
    enfants_ids,
    semaine: dict[int, set[int]],
    rythme: str = "toutes",
    depuis: datetime.date | None = None,
) -> list[Demande]:
    """The days of the period matching the semaine type, for each child, sorted. `semaine`:
    prestation id -> ISO weekdays (1 = lundi). Closed days are kept: the operation says why
    they are refused, day by day. `depuis`: the first week of « une semaine sur deux » (the
    period's first week by default); days before it are left out."""
    if rythme not in RYTHMES:
        raise ValueError(f"Rythme inconnu : {rythme}")
    depart = max(depuis or periode.debut, periode.debut)
    demandes = []
    jour = depart
    while jour <= periode.fin:
        if _semaine_retenue(jour, rythme, depart):
            for prestation_id, jours_iso in semaine.items():
                if jour.isoweekday() in jours_iso:
                    for enfant_id in enfants_ids:
                        demandes.append(Demande(int(enfant_id), int(prestation_id), jour))
        jour += datetime.timedelta(days=1)
    return sorted(demandes)
