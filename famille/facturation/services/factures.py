"""Monthly statements: one per foyer, structure and month with lines, numbered per régie and
year without gaps (the counter row is locked in the transaction that creates the statement:
a rollback gives the number back). The PDF is drawn from the month's immutable lines."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from famille.comptes.pdf import template_vers_pdf

from ..models import CompteurFacture, Facture, LigneCompte
from .sommes import SommeEuros


def debut_mois(jour: datetime.date) -> datetime.date:
    return jour.replace(day=1)


def mois_suivant(mois: datetime.date) -> datetime.date:
    return (mois.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def mois_precedent(mois: datetime.date) -> datetime.date:
    return (mois.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def numero_suivant(structure_id: int, annee: int) -> int:
    """The next number of this régie and year. Call inside the transaction that uses it."""
    CompteurFacture.objects.get_or_create(structure_id=structure_id, annee=annee)
    compteur = CompteurFacture.objects.select_for_update().get(
        structure_id=structure_id, annee=annee
    )
    compteur.dernier += 1
    compteur.save(update_fields=["dernier"])
    return compteur.dernier


def lignes_du_mois(foyer_id: int, structure_id: int, mois: datetime.date):
    return LigneCompte.objects.du_compte(foyer_id, structure_id).filter(
        jour__gte=mois, jour__lt=mois_suivant(mois)
    )


def emettre(foyer_id: int, structure_id: int, mois: datetime.date) -> Facture:
    """The statement of a month (the existing one if already issued)."""
    mois = debut_mois(mois)
    with transaction.atomic():
        existante = Facture.objects.filter(
            foyer_id=foyer_id, structure_id=structure_id, mois=mois
        ).first()
        if existante is not None:
            return existante
        lignes = lignes_du_mois(foyer_id, structure_id, mois)
        consommations = lignes.filter(enfant__isnull=False).aggregate(t=SommeEuros("montant"))["t"]
        solde = (
            LigneCompte.objects.du_compte(foyer_id, structure_id)
            .filter(jour__lt=mois_suivant(mois))
            .aggregate(t=SommeEuros("montant"))["t"]
        )
        annee = mois.year
        return Facture.objects.create(
            foyer_id=foyer_id,
            structure_id=structure_id,
            mois=mois,
            annee=annee,
            numero=numero_suivant(structure_id, annee),
            total=-consommations,
            solde=solde,
        )


def emettre_mois(mois: datetime.date) -> int:
    """Every statement of a month (foyers with lines that month). Returns how many were new."""
    mois = debut_mois(mois)
    comptes = (
        LigneCompte.objects.filter(jour__gte=mois, jour__lt=mois_suivant(mois))
        .values_list("foyer_id", "structure_id")
        .distinct()
        .order_by("structure_id", "foyer_id")
    )
    avant = Facture.objects.filter(mois=mois).count()
    for foyer_id, structure_id in comptes.iterator():
        emettre(foyer_id, structure_id, mois)
    return Facture.objects.filter(mois=mois).count() - avant


def contexte(facture: Facture) -> dict:
    lignes = list(
        lignes_du_mois(facture.foyer_id, facture.structure_id, facture.mois).select_related(
            "enfant", "prestation"
        )
    )
    paiements = [ligne for ligne in lignes if ligne.enfant_id is None]
    consommations = [ligne for ligne in lignes if ligne.enfant_id is not None]
    total_paiements = sum((ligne.montant for ligne in paiements), Decimal("0"))
    return {
        "facture": facture,
        "foyer": facture.foyer,
        "structure": facture.structure,
        "consommations": consommations,
        "paiements": paiements,
        "total_paiements": total_paiements,
    }


def pdf(facture: Facture) -> bytes:
    return template_vers_pdf("facturation/pdf/facture.html", contexte(facture))
