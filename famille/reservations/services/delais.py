"""Booking and cancelling deadlines, stored as data on each prestation and evaluated in
Europe/Paris: « la veille avant 9 h » (1 calendar day, 09:00), « 3 jours ouvrés avant à
23 h 59 » (working days: Monday to Friday less French public holidays), « le mardi 23 h pour la
semaine suivante » (a weekday of the previous ISO week). A day may still be changed while
`maintenant < limite(regle, jour)`.

Limits: working days follow metropolitan France's public holidays (the `holidays` library),
not a local one (Alsace-Moselle's Saint-Étienne is not counted)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..models import JourSemaine, Prestation, RegleDelai
from .calendrier import ferie

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class Regle:
    mode: str  # RegleDelai
    nombre: int = 0
    heure: datetime.time = datetime.time(23, 59)
    jour_semaine: int | None = None  # 1 = lundi, for RegleDelai.SEMAINE_PRECEDENTE

    def __str__(self) -> str:
        heure = f"{self.heure.hour} h" + (f" {self.heure.minute:02d}" if self.heure.minute else "")
        if self.mode == RegleDelai.SEMAINE_PRECEDENTE:
            jour = JourSemaine(self.jour_semaine).label if self.jour_semaine else "?"
            return f"le {jour} {heure} pour la semaine suivante"
        if self.nombre == 0:
            return f"le jour même avant {heure}"
        if self.mode == RegleDelai.JOURS_CALENDAIRES and self.nombre == 1:
            return f"la veille avant {heure}"
        ouvres = self.mode == RegleDelai.JOURS_OUVRES
        if self.nombre == 1:
            unite = "jour ouvré" if ouvres else "jour"
        else:
            unite = "jours ouvrés" if ouvres else "jours"
        return f"{self.nombre} {unite} avant, à {heure}"


def regle_de(prestation: Prestation, quoi: str = "reservation") -> Regle:
    """The booking (« reservation ») or cancelling (« annulation ») rule of a prestation."""
    return Regle(
        mode=getattr(prestation, f"{quoi}_regle"),
        nombre=getattr(prestation, f"{quoi}_nombre"),
        heure=getattr(prestation, f"{quoi}_heure"),
        jour_semaine=getattr(prestation, f"{quoi}_jour"),
    )


def est_ouvre(jour: datetime.date) -> bool:
    return jour.isoweekday() <= 5 and not ferie(jour)


def _jour_limite(regle: Regle, jour: datetime.date) -> datetime.date:
    if regle.mode == RegleDelai.SEMAINE_PRECEDENTE:
        lundi = jour - datetime.timedelta(days=jour.isoweekday() - 1)
        return (
            lundi
            - datetime.timedelta(days=7)
            + datetime.timedelta(days=(regle.jour_semaine or 1) - 1)
        )
    if regle.mode == RegleDelai.JOURS_OUVRES:
        restant, courant = regle.nombre, jour
        while restant > 0:
            courant -= datetime.timedelta(days=1)
            if est_ouvre(courant):
                restant -= 1
        return courant
    return jour - datetime.timedelta(days=regle.nombre)


def limite(regle: Regle, jour: datetime.date) -> datetime.datetime:
    """The aware instant (Europe/Paris) until which `jour` may be booked or cancelled. The hour
    is a wall-clock hour: 9 h is 9 h in winter and in summer whatever UTC says."""
    return datetime.datetime.combine(_jour_limite(regle, jour), regle.heure, tzinfo=PARIS)


def dans_les_delais(regle: Regle, jour: datetime.date, maintenant: datetime.datetime) -> bool:
    return maintenant < limite(regle, jour)
