"""The school registration file, one row per child: each row is validated
(inscription_lignes), then the valid ones build the plan of what an import would create,
update or leave as is (inscription_plan), against the families already known
(inscription_referentiel). Nothing here writes to the database: the preview and the real
import share this plan; inscription_ecriture writes it."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

from ..lecture import ANOMALIE
from . import valeurs
from .apercu import LigneApercu
from .inscription_lignes import Ligne, valider_ligne
from .inscription_plan import Constructeur, Plan
from .inscription_referentiel import Referentiel

__all__ = ["Plan", "analyser"]


def analyser(
    lignes: list[tuple[int, dict]],
    entetes: dict[str, str],
    progression: Callable[[int], None] | None = None,
    aujourdhui: datetime.date | None = None,
) -> Plan:
    """What importing these rows would do, row by row. Rows with errors contribute nothing."""
    aujourdhui = aujourdhui or timezone.localdate()
    identifiants = set()
    for _numero, brut in lignes:
        if ANOMALIE in brut and not brut[ANOMALIE].repare:
            continue
        ident = valeurs.texte(brut.get("identifiant")).lower()
        if ident:
            identifiants.add(ident)
            identifiants.add(valeurs.texte(brut.get("resp2_identifiant")).lower() or f"{ident}-2")
    ref = Referentiel(identifiants)
    plan = Plan()
    constructeur = Constructeur(plan, ref)
    for i, (numero, brut) in enumerate(lignes, 1):
        apercu = LigneApercu(numero)
        if not apercu.lire_anomalie(brut):
            plan.lignes.append(apercu)
            continue
        ligne = Ligne(numero, brut, entetes)
        valider_ligne(ligne, ref, aujourdhui)
        if not ligne.erreurs:
            constructeur.ajouter(ligne, apercu)
        apercu.erreurs = ligne.erreurs
        plan.lignes.append(apercu)
        if progression and i % 500 == 0:
            progression(i)
    plan.inconnus = ref.inconnus()
    return plan
