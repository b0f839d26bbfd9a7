"""What the parent sees: the lines of the current and previous month grouped by child and
service with totals, older months as statements, the balance and the bookings still to come.
A fixed number of queries whatever the number of lines (a few reads, grouping in Python)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format

from ..models import Facture, LigneCompte
from . import sources, tarification
from .factures import debut_mois, mois_precedent, mois_suivant
from .grand_livre import solde


@dataclass
class Groupe:
    titre: str
    lignes: list = field(default_factory=list)
    total: Decimal = Decimal("0.00")


@dataclass
class Mois:
    debut: datetime.date
    titre: str
    groupes: list[Groupe]
    paiements: list
    total_consommations: Decimal
    total_paiements: Decimal


def historique(foyer_id: int, structure_id: int | None, aujourdhui: datetime.date) -> dict:
    courant = debut_mois(aujourdhui)
    precedent = mois_precedent(courant)
    lignes = (
        LigneCompte.objects.du_compte(foyer_id, structure_id)
        .filter(jour__gte=precedent, jour__lt=mois_suivant(courant))
        .select_related("enfant", "prestation", "tarif", "annule", "transaction_paiement")
        .order_by("jour", "pk")
    )
    par_mois: dict[datetime.date, list] = defaultdict(list)
    for ligne in lignes:
        par_mois[debut_mois(ligne.jour)].append(ligne)
    mois = []
    for debut in (courant, precedent):
        groupes: dict[tuple, Groupe] = {}
        paiements = []
        for ligne in par_mois.get(debut, []):
            if ligne.enfant_id is None:
                paiements.append(ligne)
                continue
            cle = (ligne.enfant.prenom, ligne.enfant_id, ligne.prestation.nom)
            groupe = groupes.setdefault(
                cle, Groupe(f"{ligne.enfant.prenom} — {ligne.prestation.nom}")
            )
            groupe.lignes.append(ligne)
            groupe.total += ligne.montant
        tries = [groupes[c] for c in sorted(groupes)]
        mois.append(
            Mois(
                debut=debut,
                titre=date_format(debut, "F Y").capitalize(),
                groupes=tries,
                paiements=paiements,
                total_consommations=sum((g.total for g in tries), Decimal("0.00")),
                total_paiements=sum((p.montant for p in paiements), Decimal("0.00")),
            )
        )
    factures = Facture.objects.filter(foyer_id=foyer_id, mois__lt=precedent)
    if structure_id is not None:
        factures = factures.filter(structure_id=structure_id)
    return {
        "mois": mois,
        "factures": list(factures.order_by("-mois")),
        "solde": solde(foyer_id, structure_id),
    }


def a_venir(foyer_id: int, structure_id: int | None, aujourdhui: datetime.date) -> Decimal:
    """The bookings still to come, priced at today's tariffs and QF (an estimate: a tariff or
    QF change before the day, or an absence, changes the bill)."""
    evenements = sources.evenements_a_venir(foyer_id, structure_id, aujourdhui)
    if not evenements:
        return Decimal("0.00")
    contexte = tarification.Contexte(aujourdhui)
    qf = contexte.quotients(foyer_id - 1, foyer_id).get(foyer_id)
    total = Decimal("0.00")
    par_jour: dict[datetime.date, list] = defaultdict(list)
    for e in evenements:
        par_jour[e.jour].append(e)
    for du_jour in par_jour.values():
        rangs = tarification.rangs(du_jour)
        for e in du_jour:
            for ligne in tarification.tarifer(e, rangs.get(e.source_id, 1), qf, contexte) or []:
                total -= ligne.montant
    return total
