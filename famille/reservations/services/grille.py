"""The parent's booking calendar of a period: per child, each day and prestation in a state
(regles.Etat) with its French reason. Built in a fixed number of SQL queries (about ten)
whatever the number of children and days; reading writes nothing.

On an opening morning thousands of families refresh the countdown, then open the calendar, its
summary and the calendar after confirming: what is the same for all of them (the period's
prestations with their rules, and its days with their closures) is read once every
RESERVATIONS_DUREE_DONNEES_PERIODE seconds (5 by default) per process (the `pages_locales`
memory cache) instead of once per page. An agent's change to a prestation or a closure thus
shows on a calendar or a summary within those seconds; the confirmation itself reads them afresh
(operations.appliquer), so nothing is booked on a day closed meanwhile: it is refused with its
reason. What each family holds and the places left are read per page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from famille.dossiers.models import Enfant

from ..models import PeriodeReservation
from .regles import (
    Case,
    Contexte,
    Etat,
    charger,
    evaluer,
    jours_des_prestations,
    prestations_avec_regles,
)

__all__ = ["Case", "Etat", "Grille", "LigneEnfant", "construire_grille"]


@dataclass
class LigneEnfant:
    enfant: Enfant
    cases: dict[tuple[datetime.date, int], Case] = field(default_factory=dict)


@dataclass
class Grille:
    periode: PeriodeReservation
    ouverte: bool
    ouverture: datetime.datetime  # for this family (earlier for residents when set)
    jours: list[datetime.date]  # days on which at least one prestation runs
    prestations: list
    lignes: list[LigneEnfant]
    # What the grid was decided from: the summary that follows a ticked calendar or a semaine
    # type simulates on it instead of reading the same rules again (operations.simuler).
    contexte: Contexte | None = field(default=None, repr=False)


def donnees_de_la_periode(periode: PeriodeReservation, maintenant: datetime.datetime):
    """(prestations with their rules, prestation id -> day -> closing reason): the same for
    every family; kept a few seconds (module docstring)."""
    duree = getattr(settings, "RESERVATIONS_DUREE_DONNEES_PERIODE", 0)
    garder = duree > 0
    cle = f"reservations:periode:{periode.pk}:{periode.debut}:{periode.fin}"
    if garder and (gardees := caches["pages_locales"].get(cle)) is not None:
        return gardees
    prestations = prestations_avec_regles(
        periode.prestations.filter(active=True).order_by("ordre", "nom")
    )
    donnees = (prestations, jours_des_prestations(prestations, periode.debut, periode.fin))
    if garder:
        caches["pages_locales"].set(cle, donnees, duree)
    return donnees


def construire_grille(
    compte, periode: PeriodeReservation, *, enfants=None, maintenant=None
) -> Grille:
    """The calendar of `periode` for the account's children (or `enfants`, a subset of them:
    others are ignored)."""
    maintenant = maintenant or timezone.now()
    foyer = compte.foyer
    a_montrer = list(
        Enfant.objects.filter(gardes__foyer=foyer).distinct().order_by("date_naissance", "pk")
    )
    if enfants is not None:
        voulus = {e if isinstance(e, int) else e.pk for e in enfants}
        a_montrer = [e for e in a_montrer if e.pk in voulus]
    prestations, jours_prestations = donnees_de_la_periode(periode, maintenant)
    # Only the prestations shown are evaluated: the period needs no other id.
    periode.ids_prestations = {p.pk for p in prestations}
    ctx = charger(
        foyer,
        a_montrer,
        prestations,
        [periode],
        periode.debut,
        periode.fin,
        maintenant,
        jours=jours_prestations,
    )
    jours = sorted({jour for par_jour in ctx.jours.values() for jour in par_jour})
    lignes = []
    for enfant in a_montrer:
        ligne = LigneEnfant(enfant)
        for jour in jours:
            for prestation in prestations:
                case = evaluer(ctx, enfant.pk, prestation.pk, jour)
                if case is not None:
                    ligne.cases[jour, prestation.pk] = case
        lignes.append(ligne)
    ouverture = periode.ouverture_pour(foyer.reside_commune)
    return Grille(
        periode=periode,
        ouverte=maintenant >= ouverture,
        ouverture=ouverture,
        jours=jours,
        prestations=prestations,
        lignes=lignes,
        contexte=ctx,
    )
