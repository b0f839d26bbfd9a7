"""The Régie's counter (issue 14, point 5): payments taken in cash, by cheque, CESU, card at
the terminal or transfer, each with a numbered receipt; refunds of a credit; cancellation of
either with a reason (a reversal line, never a deletion); the day's bordereau per payment
mode; the period's totals by mode and by service for the treasury.

Only the Régie handles money: every operation takes the acting user and checks the model
permission (`add_encaissement` to take or give back money, `change_encaissement` to cancel).
Each operation is one transaction: the ledger line, the balance, the receipt number and the
allocation are written together or not at all."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from famille.dossiers.models import Foyer

from ..models import Allocation, CompteurPiece, Encaissement, LigneCompte
from . import ErreurFacturation
from .grand_livre import ZERO, allouer, annulation, ecrire_lignes, solde, verrouiller_soldes
from .sommes import SommeEuros
from .tarification import euros

# PayFiP's ceiling; at the counter too, a larger amount is a typing error.
PLAFOND = Decimal("100000.00")
LIBELLE_EN_LIGNE = "Paiement en ligne (carte bancaire)"


def numero_suivant(structure_id: int, annee: int, serie: str) -> int:
    """The next gapless number of this régie, year and series. Inside the caller's
    transaction: the counter row stays locked until it commits."""
    CompteurPiece.objects.get_or_create(structure_id=structure_id, annee=annee, serie=serie)
    compteur = CompteurPiece.objects.select_for_update().get(
        structure_id=structure_id, annee=annee, serie=serie
    )
    compteur.dernier += 1
    compteur.save(update_fields=["dernier"])
    return compteur.dernier


def lire_montant(valeur) -> Decimal:
    """A positive amount in euros, to the cent: « 12,50 » and « 12.5 » are read; 0, a negative
    amount, three decimals or more than the ceiling are refused in French."""
    texte = str(valeur).strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
    try:
        montant = Decimal(texte)
    except InvalidOperation:
        raise ErreurFacturation("Indiquez un montant en euros, par exemple 12,50.") from None
    if not montant.is_finite():
        raise ErreurFacturation("Indiquez un montant en euros, par exemple 12,50.")
    if montant.as_tuple().exponent < -2:
        raise ErreurFacturation("Un montant s'écrit au centime près (deux décimales au plus).")
    if montant <= 0:
        raise ErreurFacturation("Le montant doit être supérieur à zéro.")
    if montant > PLAFOND:
        raise ErreurFacturation("Le montant dépasse 100 000 € : vérifiez la saisie.")
    return montant.quantize(Decimal("0.01"))


def _verifier(agent, permission: str) -> None:
    if agent is None or not agent.has_perm(f"facturation.{permission}_encaissement"):
        raise ErreurFacturation("Seule la Régie encaisse, rembourse ou annule un paiement.")


def _controler_piece(mode: str, banque: str, numero_piece: str) -> None:
    if mode not in Encaissement.Mode.values:
        raise ErreurFacturation("Choisissez un mode de paiement de la liste.")
    if mode == Encaissement.Mode.CHEQUE and not (banque.strip() and numero_piece.strip()):
        raise ErreurFacturation("Pour un chèque, indiquez la banque et le numéro du chèque.")


def _ecrire_recu(agent, foyer, structure_id, sens, montant, mode, jour, banque, numero_piece):
    """The ledger line and its numbered receipt, in the caller's transaction: a payment is a
    credit, a refund a debit; the label names the mode and the receipt."""
    annee = jour.year
    numero = numero_suivant(structure_id, annee, CompteurPiece.Serie.RECU)
    paiement = sens == Encaissement.Sens.PAIEMENT
    mode_libelle = Encaissement.Mode(mode).label.lower()
    debut = (
        f"Paiement au guichet ({mode_libelle})" if paiement else f"Remboursement ({mode_libelle})"
    )
    ligne = ecrire_lignes(
        [
            LigneCompte(
                foyer_id=foyer.pk,
                structure_id=structure_id,
                type=LigneCompte.Type.PAIEMENT if paiement else LigneCompte.Type.REMBOURSEMENT,
                jour=jour,
                libelle=f"{debut}, reçu R{annee}-{numero:05d}",
                montant=montant if paiement else -montant,
                cree_par=agent,
            )
        ]
    )[0]
    return Encaissement.objects.create(
        structure_id=structure_id,
        foyer=foyer,
        sens=sens,
        mode=mode,
        montant=montant,
        jour=jour,
        banque=banque.strip()[:80],
        numero_piece=numero_piece.strip()[:40],
        annee=annee,
        numero=numero,
        ligne=ligne,
        saisi_par=agent,
    )


def encaisser(
    agent,
    *,
    foyer: Foyer,
    structure_id: int,
    montant,
    mode: str,
    jour: datetime.date | None = None,
    banque: str = "",
    numero_piece: str = "",
) -> Encaissement:
    """Take a payment at the counter: a payment line, its receipt, allocated oldest first."""
    _verifier(agent, "add")
    montant = lire_montant(montant)
    _controler_piece(mode, banque, numero_piece)
    with transaction.atomic():
        encaissement = _ecrire_recu(
            agent,
            foyer,
            structure_id,
            Encaissement.Sens.PAIEMENT,
            montant,
            mode,
            jour or timezone.localdate(),
            banque,
            numero_piece,
        )
        allouer(encaissement.ligne)
    return encaissement


def rembourser(
    agent,
    *,
    foyer: Foyer,
    structure_id: int,
    montant,
    mode: str,
    jour: datetime.date | None = None,
    banque: str = "",
    numero_piece: str = "",
) -> Encaissement:
    """Give back part or all of a family's credit; never more than the credit."""
    _verifier(agent, "add")
    montant = lire_montant(montant)
    if mode == Encaissement.Mode.CESU:
        raise ErreurFacturation("Un remboursement ne se fait pas en CESU.")
    if mode not in Encaissement.Mode.values:
        raise ErreurFacturation("Choisissez un mode de paiement de la liste.")
    with transaction.atomic():
        # Read the credit under the balance row's lock: two refunds cannot both spend it.
        verrouiller_soldes([(foyer.pk, structure_id)])
        credit = solde(foyer.pk, structure_id)
        if montant > credit:
            raise ErreurFacturation(
                f"Le remboursement dépasse le crédit de la famille ({euros(max(credit, ZERO))})."
            )
        return _ecrire_recu(
            agent,
            foyer,
            structure_id,
            Encaissement.Sens.REMBOURSEMENT,
            montant,
            mode,
            jour or timezone.localdate(),
            banque,
            numero_piece,
        )


def annuler(agent, encaissement_id: int, motif: str) -> Encaissement:
    """Cancel a counter payment or refund with a reason: a reversal line restores the balance
    (and frees what the payment had settled). Twice is refused, even from two windows at once:
    the row is locked."""
    _verifier(agent, "change")
    motif = (motif or "").strip()
    if len(motif) < 3:
        raise ErreurFacturation("Indiquez le motif de l'annulation.")
    with transaction.atomic():
        encaissement = (
            Encaissement.objects.select_for_update().select_related("ligne").get(pk=encaissement_id)
        )
        if encaissement.annule:
            raise ErreurFacturation(
                f"Le reçu {encaissement.reference} est déjà annulé "
                f"(le {timezone.localtime(encaissement.annule_le):%d/%m/%Y à %H:%M})."
            )
        inverse = annulation(
            encaissement.ligne,
            libelle=f"Annulation du reçu {encaissement.reference} : {motif}"[:200],
            agent_id=agent.pk,
        )
        inverse.explication = f"Annulé par la Régie : {motif}"[:1000]
        inverse.jour = timezone.localdate()
        inverse = ecrire_lignes([inverse])[0]
        encaissement.annule_le = timezone.now()
        encaissement.annule_par = agent
        encaissement.motif_annulation = motif[:300]
        encaissement.ligne_annulation = inverse
        encaissement.save(
            update_fields=["annule_le", "annule_par", "motif_annulation", "ligne_annulation"]
        )
        if encaissement.sens == Encaissement.Sens.REMBOURSEMENT:
            # The credit given back is the family's again: it settles what is still owed.
            allouer(inverse)
    return encaissement


# --- the bordereau of a day and the period's totals -------------------------------------------


@dataclass
class GroupeMode:
    mode: str
    libelle: str
    lignes: list = field(default_factory=list)
    total: Decimal = ZERO


def mode_de(ligne: LigneCompte) -> tuple[str, str]:
    """The payment mode of a payment line: the counter's, else online."""
    encaissement = getattr(ligne, "encaissement", None)
    if encaissement is not None:
        return encaissement.mode, encaissement.get_mode_display()
    return "en_ligne", LIBELLE_EN_LIGNE


def _paiements(structure_id: int, du: datetime.date, au: datetime.date):
    """Payment lines of the period not cancelled (a cancelled payment is not money taken)."""
    return (
        LigneCompte.objects.filter(
            structure_id=structure_id,
            type=LigneCompte.Type.PAIEMENT,
            jour__gte=du,
            jour__lte=au,
            annulation__isnull=True,
        )
        .select_related("foyer", "encaissement", "encaissement__saisi_par")
        .order_by("jour", "pk")
    )


def bordereau(structure_id: int, jour: datetime.date) -> dict:
    """The day's payments grouped by mode, each group with its total; the grand total equals
    the day's payment lines."""
    groupes: dict[str, GroupeMode] = {}
    for ligne in _paiements(structure_id, jour, jour):
        mode, libelle = mode_de(ligne)
        groupe = groupes.setdefault(mode, GroupeMode(mode, libelle))
        groupe.lignes.append(ligne)
        groupe.total += ligne.montant
    ordre = [*Encaissement.Mode.values, "en_ligne"]
    liste = sorted(groupes.values(), key=lambda g: ordre.index(g.mode))
    return {
        "jour": jour,
        "groupes": liste,
        "total": sum((g.total for g in liste), ZERO),
        "nombre": sum(len(g.lignes) for g in liste),
    }


def totaux_periode(structure_id: int, du: datetime.date, au: datetime.date) -> dict:
    """For the treasury: money taken in the period by mode (refunds apart), and what it paid by
    service (the allocations of those payments to consumption lines, whatever their date)."""
    par_mode: dict[str, Decimal] = defaultdict(Decimal)
    libelles = dict(Encaissement.Mode.choices) | {"en_ligne": LIBELLE_EN_LIGNE}
    for ligne in _paiements(structure_id, du, au):
        par_mode[mode_de(ligne)[0]] += ligne.montant
    remboursements = LigneCompte.objects.filter(
        structure_id=structure_id,
        type=LigneCompte.Type.REMBOURSEMENT,
        jour__gte=du,
        jour__lte=au,
        annulation__isnull=True,
    ).aggregate(t=SommeEuros("montant"))["t"]
    par_service = (
        Allocation.objects.filter(
            paiement__structure_id=structure_id,
            paiement__type=LigneCompte.Type.PAIEMENT,
            paiement__jour__gte=du,
            paiement__jour__lte=au,
            paiement__annulation__isnull=True,
            ligne__annulation__isnull=True,
        )
        .values("ligne__prestation__nom")
        .annotate(total=SommeEuros("montant"))
        .order_by("ligne__prestation__nom")
    )
    ordre = [*Encaissement.Mode.values, "en_ligne"]
    modes = [
        {"mode": m, "libelle": libelles[m], "total": par_mode[m]}
        for m in sorted(par_mode, key=ordre.index)
    ]
    services = [
        {"service": r["ligne__prestation__nom"] or "Autres lignes", "total": r["total"]}
        for r in par_service
    ]
    total = sum((m["total"] for m in modes), ZERO)
    alloue = sum((s["total"] for s in services), ZERO)
    return {
        "du": du,
        "au": au,
        "modes": modes,
        "services": services,
        "total": total,
        "non_alloue": total - alloue,
        "remboursements": -remboursements,
    }
