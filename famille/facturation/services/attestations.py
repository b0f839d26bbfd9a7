"""The attestation fiscale for childcare costs (crédit d'impôt frais de garde des enfants de
moins de 6 ans, CGI art. 200 quater B), issue 14 point 6.

What it counts, for one payer at one régie and one year:
- the payer is a foyer's titulaire (each separated parent has his or her own foyer and ledger,
  so each gets an attestation with only what he or she paid);
- children under 6 on 1 January of the year (born after 1 January six years earlier);
- the part of the payments made during the year (the payment date decides) that settled
  « garde » lines — meals, penalties and surcharges (majorations) are excluded — through the
  ledger's allocations; cancelled payments and reversed lines do not count.
Numbered once per régie and year; the detail is frozen at issue, so the PDF drawn again later
is the same document. Issued for a finished year only (the year's payments are known)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from famille.comptes.pdf import template_vers_pdf

from ..models import Allocation, AttestationFiscale, CompteurPiece, LigneCompte, Regisseur
from . import ErreurFacturation
from .grand_livre import ZERO
from .regie import numero_suivant
from .sommes import SommeEuros


def limite_naissance(annee: int) -> datetime.date:
    """Children born after this date were under 6 on 1 January of `annee`."""
    return datetime.date(annee - 6, 1, 1)


def _allocations(annee: int):
    return Allocation.objects.filter(
        paiement__type=LigneCompte.Type.PAIEMENT,
        paiement__jour__year=annee,
        paiement__annulation__isnull=True,
        ligne__annulation__isnull=True,
        ligne__annule__isnull=True,
        ligne__categorie=LigneCompte.Categorie.GARDE,
        ligne__nature=LigneCompte.Nature.PRESTATION,
        ligne__enfant__date_naissance__gt=limite_naissance(annee),
    )


def detail(foyer_id: int, structure_id: int, annee: int) -> list[dict]:
    """Per child and service: what this foyer paid for garde during the year (one query)."""
    lignes = (
        _allocations(annee)
        .filter(paiement__foyer_id=foyer_id, paiement__structure_id=structure_id)
        .values(
            "ligne__enfant_id",
            "ligne__enfant__prenom",
            "ligne__enfant__nom",
            "ligne__enfant__date_naissance",
            "ligne__prestation__nom",
        )
        .annotate(total=SommeEuros("montant"))
        .order_by("ligne__enfant__prenom", "ligne__enfant_id", "ligne__prestation__nom")
    )
    return [
        {
            "enfant": f"{r['ligne__enfant__prenom']} {r['ligne__enfant__nom']}",
            "naissance": r["ligne__enfant__date_naissance"].isoformat(),
            "service": r["ligne__prestation__nom"] or "",
            "montant": str(r["total"]),
        }
        for r in lignes
    ]


def verifier_annee(annee: int) -> None:
    if annee >= timezone.localdate().year:
        raise ErreurFacturation(
            f"L'attestation de {annee} sera disponible à partir du 1er janvier {annee + 1}."
        )


def emettre(foyer_id: int, structure_id: int, annee: int) -> AttestationFiscale:
    """The attestation of this payer, régie and year (the existing one if already issued)."""
    verifier_annee(annee)
    existante = AttestationFiscale.objects.filter(
        foyer_id=foyer_id, structure_id=structure_id, annee=annee
    ).first()
    if existante is not None:
        return existante
    lignes = detail(foyer_id, structure_id, annee)
    total = sum((Decimal(ligne["montant"]) for ligne in lignes), ZERO)
    if not total:
        raise ErreurFacturation(
            f"Aucun frais de garde d'un enfant de moins de 6 ans n'a été payé en {annee}."
        )
    try:
        with transaction.atomic():
            return AttestationFiscale.objects.create(
                foyer_id=foyer_id,
                structure_id=structure_id,
                annee=annee,
                numero=numero_suivant(structure_id, annee, CompteurPiece.Serie.ATTESTATION),
                total=total,
                detail=lignes,
            )
    except IntegrityError:
        # Issued meanwhile by the yearly batch or another click: that one is the attestation.
        return AttestationFiscale.objects.get(
            foyer_id=foyer_id, structure_id=structure_id, annee=annee
        )


def payeurs(annee: int) -> list[tuple[int, int]]:
    """(foyer, structure) of every payer with garde paid during the year, in a stable order."""
    return list(
        _allocations(annee)
        .values_list("paiement__foyer_id", "paiement__structure_id")
        .distinct()
        .order_by("paiement__structure_id", "paiement__foyer_id")
    )


def emettre_annee(annee: int) -> int:
    """The yearly batch: every payer's attestation. Returns how many were new. Restartable."""
    verifier_annee(annee)
    avant = AttestationFiscale.objects.filter(annee=annee).count()
    for foyer_id, structure_id in payeurs(annee):
        emettre(foyer_id, structure_id, annee)
    return AttestationFiscale.objects.filter(annee=annee).count() - avant


def contexte(attestation: AttestationFiscale) -> dict:
    par_enfant: dict[str, list[dict]] = defaultdict(list)
    for ligne in attestation.detail:
        par_enfant[ligne["enfant"]].append(
            {
                "service": ligne["service"],
                "montant": Decimal(ligne["montant"]),
                "naissance": datetime.date.fromisoformat(ligne["naissance"]),
            }
        )
    return {
        "attestation": attestation,
        "foyer": attestation.foyer,
        "titulaire": attestation.foyer.titulaire,
        "structure": attestation.structure,
        "regisseur": Regisseur.objects.filter(structure_id=attestation.structure_id).first(),
        "enfants": [
            {
                "nom": nom,
                "naissance": lignes[0]["naissance"],
                "lignes": lignes,
                "total": sum((x["montant"] for x in lignes), ZERO),
            }
            for nom, lignes in par_enfant.items()
        ],
    }


def pdf(attestation: AttestationFiscale) -> bytes:
    return template_vers_pdf("facturation/pdf/attestation.html", contexte(attestation))


def annees_disponibles(foyer_id: int, structure_id: int | None) -> list[int]:
    """The last three finished years for which this foyer has garde to attest (newest first),
    in one query: the Historique tab offers only attestations that exist or can be issued."""
    courante = timezone.localdate().year
    allocations = Allocation.objects.filter(
        paiement__foyer_id=foyer_id,
        paiement__type=LigneCompte.Type.PAIEMENT,
        paiement__annulation__isnull=True,
        paiement__jour__year__gte=courante - 3,
        paiement__jour__year__lt=courante,
        ligne__annulation__isnull=True,
        ligne__annule__isnull=True,
        ligne__categorie=LigneCompte.Categorie.GARDE,
        ligne__nature=LigneCompte.Nature.PRESTATION,
    )
    if structure_id is not None:
        allocations = allocations.filter(paiement__structure_id=structure_id)
    couples = allocations.values_list("paiement__jour", "ligne__enfant__date_naissance").distinct()
    annees = {
        jour.year
        for jour, naissance in couples
        if naissance and naissance > limite_naissance(jour.year)
    }
    return sorted(annees, reverse=True)
