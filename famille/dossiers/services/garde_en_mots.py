"""The custody rule of a separated parent in words, as the Accueil and the Dossier Famille say
it: « Vous avez Lucas et Chloé les semaines impaires. » Children with the same rule share one
sentence. Nothing is said to a foyer that has its children all the time and alone."""

from __future__ import annotations

import datetime

from django.db.models import Count, prefetch_related_objects
from django.utils import timezone

from famille.comptes.francais import date_en_mots

from ..models import Foyer, Garde

JOURS = {
    1: "lundi",
    2: "mardi",
    3: "mercredi",
    4: "jeudi",
    5: "vendredi",
    6: "samedi",
    7: "dimanche",
}


def enumerer(mots: list[str]) -> str:
    """« Lucas », « Lucas et Chloé », « Lucas, Chloé et Emma »."""
    if len(mots) <= 1:
        return "".join(mots)
    return ", ".join(mots[:-1]) + " et " + mots[-1]


def _quand(garde: Garde) -> str:
    if garde.regle == Garde.Regle.SEMAINES_PAIRES:
        return "les semaines paires"
    if garde.regle == Garde.Regle.SEMAINES_IMPAIRES:
        return "les semaines impaires"
    if garde.regle == Garde.Regle.JOURS:
        return "le " + enumerer([JOURS[j] for j in sorted(garde.jours_iso) if j in JOURS])
    if garde.regle == Garde.Regle.PERIODES:
        periodes = [
            f"du {date_en_mots(p.debut)} au {date_en_mots(p.fin)}" for p in garde.periodes.all()
        ]
        return enumerer(periodes) if periodes else "aux périodes fixées par le service Éducation"
    return "tout le temps"


def phrases_de_garde(foyer: Foyer, jour: datetime.date | None = None) -> list[str]:
    # One query for the usual family (no child shared with another foyer): the number of
    # custody links is counted by the database; the dated periods are read only when shared.
    gardes = list(
        Garde.objects.filter(foyer=foyer)
        .select_related("enfant")
        .annotate(foyers=Count("enfant__gardes"))
        .order_by("enfant__date_naissance", "enfant__pk")
    )
    partagees = [g for g in gardes if g.foyers > 1]
    if not partagees:
        return []
    prefetch_related_objects(partagees, "periodes")
    par_regle: dict[str, list[str]] = {}
    for garde in partagees:
        par_regle.setdefault(_quand(garde), []).append(garde.enfant.prenom)
    phrases = [f"Vous avez {enumerer(prenoms)} {quand}." for quand, prenoms in par_regle.items()]
    if any(
        g.regle in (Garde.Regle.SEMAINES_PAIRES, Garde.Regle.SEMAINES_IMPAIRES) for g in partagees
    ):
        semaine = (jour or timezone.localdate()).isocalendar().week
        parite = "paire" if semaine % 2 == 0 else "impaire"
        phrases.append(f"Cette semaine est la semaine n°\u00a0{semaine}, une semaine {parite}.")
    return phrases
