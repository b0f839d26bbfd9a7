"""Reminder e-mails of the campaign: which dossiers are due on a day, and claiming a reminder
so that it leaves once (famille/dossiers/tasks.py sends them)."""

from __future__ import annotations

import datetime

from django.db.models import Q

from ..models import Campagne, DossierAnnuel, Foyer
from .campagne import dossier_de, en_campagne


def jour_de_relance(campagne: Campagne, jour: datetime.date) -> datetime.date | None:
    """The latest reminder date reached on `jour` (a day missed by the scheduler is caught up
    the next day, never sent twice), or None outside the window."""
    if not en_campagne(campagne, jour):
        return None
    passes = [
        campagne.cloture - datetime.timedelta(days=n)
        for n in campagne.jours_de_relance
        if campagne.cloture - datetime.timedelta(days=n) <= jour
    ]
    return max(passes) if passes else None


def dossiers_a_relancer(jour: datetime.date) -> list[int]:
    """Ids of the dossiers due for a reminder on `jour`: families with children, online (not
    paper), with an e-mail, whose dossier the family has not completed."""
    ids: list[int] = []
    for campagne in Campagne.objects.filter(ouverture__lte=jour, cloture__gte=jour):
        seuil = jour_de_relance(campagne, jour)
        if seuil is None:
            continue
        foyers = (
            Foyer.objects.filter(gardes__isnull=False, dossier_papier=False)
            .exclude(titulaire__emails="", titulaire__email="")
            .distinct()
        )
        for foyer in foyers:
            dossier = dossier_de(foyer, campagne)
            if dossier.statut in (DossierAnnuel.Statut.A_VERIFIER, DossierAnnuel.Statut.VALIDE):
                continue
            if dossier.derniere_relance is None or dossier.derniere_relance < seuil:
                ids.append(dossier.pk)
    return ids


def marquer_relance(dossier_id: int, jour: datetime.date) -> bool:
    """Claim the reminder of `jour` for this dossier: a conditional update, so that two
    workers running at once never both send it."""
    seuil = jour_de_relance(DossierAnnuel.objects.get(pk=dossier_id).campagne, jour)
    if seuil is None:
        return False
    return bool(
        DossierAnnuel.objects.filter(pk=dossier_id)
        .filter(Q(derniere_relance__isnull=True) | Q(derniere_relance__lt=seuil))
        .update(derniere_relance=jour)
    )
