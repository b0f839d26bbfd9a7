"""One family's ledger as staff read it (issue 13.7): per structure (each its régie), the
balance, the consumption and adjustment lines with what payments settled of each, and the
payments and refunds, between two dates. A fixed number of queries whatever the number of
lines (balances, lines with their allocated sums; grouping in Python). Reads only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from famille.comptes.models import Structure

from ..models import LigneCompte, Solde
from .sommes import SommeEuros

ZERO = Decimal("0.00")
CREDITS = (LigneCompte.Type.PAIEMENT, LigneCompte.Type.REMBOURSEMENT)


@dataclass
class CompteStructure:
    structure: Structure
    solde: Decimal = ZERO
    lignes: list = field(default_factory=list)
    paiements: list = field(default_factory=list)
    total_lignes: Decimal = ZERO
    total_paiements: Decimal = ZERO


def compte_famille(
    foyer_id: int, du: datetime.date | None = None, au: datetime.date | None = None
) -> list[CompteStructure]:
    """The foyer's accounts, one per structure with a balance or a line in the period."""
    comptes: dict[int, CompteStructure] = {}
    for solde in Solde.objects.filter(foyer_id=foyer_id).select_related("structure"):
        comptes[solde.structure_id] = CompteStructure(solde.structure, solde.montant)
    lignes = LigneCompte.objects.du_compte(foyer_id)
    if du is not None:
        lignes = lignes.filter(jour__gte=du)
    if au is not None:
        lignes = lignes.filter(jour__lte=au)
    lignes = (
        lignes.select_related("structure", "enfant", "prestation", "cree_par")
        .annotate(
            # What live payments settled of a debit line (« paid in year N » comes from here).
            regle=SommeEuros(
                "allocations__montant",
                filter=Q(allocations__paiement__annulation__isnull=True),
            )
        )
        .order_by("jour", "pk")
    )
    for ligne in lignes:
        compte = comptes.setdefault(ligne.structure_id, CompteStructure(ligne.structure))
        if ligne.type in CREDITS:
            compte.paiements.append(ligne)
            compte.total_paiements += ligne.montant
        else:
            compte.lignes.append(ligne)
            compte.total_lignes += ligne.montant
    return sorted(comptes.values(), key=lambda c: c.structure.nom)
