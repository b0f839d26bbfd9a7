"""Reminders for unpaid balances. They never block a booking (the Défenseur des droits ruled
against refusing a child at the canteen for unpaid bills): past the structure's threshold, one
e-mail per period at most (a unique row per foyer, structure and period start)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from ..models import ParametresFacturation, RelanceImpaye, Solde

ORIGINE = datetime.date(2000, 1, 3)


def debut_periode(jour: datetime.date, jours: int) -> datetime.date:
    """Periods of `jours` days counted from a fixed Monday: the same for every run."""
    jours = max(jours, 1)
    return jour - datetime.timedelta(days=(jour - ORIGINE).days % jours)


def a_relancer(jour: datetime.date) -> list[int]:
    """Create the reminder rows due today; returns their ids (the e-mails go out after)."""
    parametres: dict[int, ParametresFacturation] = {}
    crees = []
    for solde in Solde.objects.filter(montant__lt=0).order_by("pk"):
        p = parametres.get(solde.structure_id)
        if p is None:
            p = parametres[solde.structure_id] = ParametresFacturation.de(solde.structure_id)
        if -solde.montant <= p.seuil_relance:
            continue
        try:
            with transaction.atomic():
                relance = RelanceImpaye.objects.create(
                    foyer_id=solde.foyer_id,
                    structure_id=solde.structure_id,
                    periode=debut_periode(jour, p.periode_relance_jours),
                    montant=solde.montant,
                )
        except IntegrityError:
            continue  # already reminded this period
        crees.append(relance.pk)
    return crees
