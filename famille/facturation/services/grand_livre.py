"""Writing to the ledger, the balance and the allocation of payments.

Every writer goes through `ecrire_lignes`: in one transaction it locks the Solde rows of the
accounts it touches (in primary-key order, so two writers never deadlock), inserts the lines
and moves each balance by the sum it added. The lock makes the read-then-write exact under
concurrency on PostgreSQL; on SQLite transactions are serialised anyway. `controler_soldes`
(nightly) recomputes every balance from the lines and reports any difference."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Allocation, LigneCompte, Solde
from . import ErreurFacturation
from .sommes import SommeEuros

journal = logging.getLogger(__name__)

ZERO = Decimal("0.00")
TAILLE_ECRITURE = 2000
# From this many lines, PostgreSQL gets them through COPY.
SEUIL_COPIE = 500


def verrouiller_soldes(comptes: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Solde]:
    """Create the missing Solde rows of these (foyer, structure) accounts, then lock them all
    (SELECT … FOR UPDATE, by primary key). Must run inside a transaction."""
    comptes = sorted(set(comptes))
    if not comptes:
        return {}
    _creer_soldes(comptes)
    voulus = set(comptes)
    foyers = {f for f, _ in comptes}
    structures = {s for _, s in comptes}
    resultat = {}
    # A range and an IN on structures: one statement whatever the number of accounts; the few
    # extra rows it may lock belong to the same foyers.
    verrouilles = (
        Solde.objects.select_for_update()
        .filter(foyer_id__gte=min(foyers), foyer_id__lte=max(foyers), structure_id__in=structures)
        .order_by("pk")
    )
    for solde in verrouilles:
        cle = (solde.foyer_id, solde.structure_id)
        if cle in voulus:
            resultat[cle] = solde
    return resultat


def _creer_soldes(comptes: list[tuple[int, int]]) -> None:
    """The missing Solde rows at zero. PostgreSQL: one INSERT … SELECT FROM unnest … ON
    CONFLICT DO NOTHING (building thousands of model instances cost more than the insert)."""
    if connection.vendor != "postgresql":
        Solde.objects.bulk_create(
            [Solde(foyer_id=f, structure_id=s) for f, s in comptes],
            ignore_conflicts=True,
            batch_size=TAILLE_ECRITURE,
        )
        return
    table = connection.ops.quote_name(Solde._meta.db_table)
    with connection.cursor() as curseur:
        curseur.execute(
            f"INSERT INTO {table} (foyer_id, structure_id, montant, modifie_le) "
            "SELECT f, s, 0, %s FROM unnest(%s::bigint[], %s::bigint[]) AS t(f, s) "
            "ON CONFLICT (foyer_id, structure_id) DO NOTHING",
            [timezone.now(), [f for f, _ in comptes], [s for _, s in comptes]],
        )


def _deplacer_soldes(changes: list[Solde], maintenant) -> None:
    """Write the new amounts of these locked rows (one statement on PostgreSQL: an UPDATE
    FROM unnest; an upsert elsewhere, where bulk_update's CASE WHEN is slow)."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Solde._meta.db_table)
        with connection.cursor() as curseur:
            curseur.execute(
                f"UPDATE {table} AS s SET montant = t.m, modifie_le = %s "
                "FROM unnest(%s::bigint[], %s::numeric[]) AS t(id, m) WHERE s.id = t.id",
                [maintenant, [c.pk for c in changes], [c.montant for c in changes]],
            )
        return
    Solde.objects.bulk_create(
        changes,
        update_conflicts=True,
        unique_fields=["foyer", "structure"],
        update_fields=["montant", "modifie_le"],
        batch_size=TAILLE_ECRITURE,
    )


def ecrire_lignes(lignes: list[LigneCompte], soldes: dict | None = None) -> list[LigneCompte]:
    """Insert the lines and move the balances, atomically. `soldes`: the already locked rows
    (the consumption job locks before it compares), else they are locked here."""
    if not lignes:
        return []
    with transaction.atomic():
        deltas: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        for ligne in lignes:
            deltas[(ligne.foyer_id, ligne.structure_id)] += ligne.montant
        if soldes is None or any(cle not in soldes for cle in deltas):
            soldes = verrouiller_soldes(deltas)
        if par_copie(len(lignes)):
            _copier(lignes)
            crees = lignes  # written without their ids: the job needs none back
        else:
            crees = LigneCompte.objects.bulk_create(lignes, batch_size=TAILLE_ECRITURE)
        maintenant = timezone.now()
        changes = []
        for cle, delta in deltas.items():
            if delta:
                solde = soldes[cle]
                solde.montant += delta
                solde.modifie_le = maintenant
                changes.append(solde)
        # The rows are locked: writing the new values is exact.
        if changes:
            _deplacer_soldes(changes, maintenant)
        return crees


def par_copie(nombre: int) -> bool:
    """Whether this many lines go through COPY (then they may be plain objects, not models)."""
    return nombre >= SEUIL_COPIE and connection.vendor == "postgresql"


def _copier(lignes: list[LigneCompte]) -> None:
    """PostgreSQL COPY: the fast bulk path for the consumption job (140,000 lines a day)."""
    champs = [f for f in LigneCompte._meta.concrete_fields if not f.primary_key]
    colonnes = ", ".join(connection.ops.quote_name(f.column) for f in champs)
    table = connection.ops.quote_name(LigneCompte._meta.db_table)
    maintenant = timezone.now()
    with connection.cursor() as curseur:
        with curseur.cursor.copy(f"COPY {table} ({colonnes}) FROM STDIN") as copie:
            for ligne in lignes:
                if ligne.cree_le is None:
                    ligne.cree_le = maintenant
                copie.write_row([getattr(ligne, f.attname) for f in champs])


def annulation(ligne, libelle: str | None = None, agent_id: int | None = None) -> LigneCompte:
    """The line that cancels `ligne` (same account, opposite amount, pointing at it)."""
    return LigneCompte(
        foyer_id=ligne.foyer_id,
        structure_id=ligne.structure_id,
        type=LigneCompte.Type.AJUSTEMENT,
        jour=ligne.jour,
        libelle=libelle or f"Correction : {ligne.libelle}"[:200],
        montant=-ligne.montant,
        categorie=ligne.categorie,
        enfant_id=ligne.enfant_id,
        prestation_id=ligne.prestation_id,
        quantite=ligne.quantite,
        prix_unitaire=ligne.prix_unitaire,
        tarif_id=ligne.tarif_id,
        qf=ligne.qf,
        tranche=ligne.tranche,
        etat=ligne.etat,
        nature=ligne.nature,
        source_type=ligne.source_type,
        source_id=ligne.source_id,
        version=ligne.version,
        annule_id=ligne.pk,
        explication="Annule la ligne du même jour : la journée a été corrigée depuis.",
        cree_par_id=agent_id,
    )


def enregistrer_operation(
    agent, *, foyer_id: int, structure_id: int, type_: str, montant: Decimal, jour, libelle: str
) -> LigneCompte:
    """A payment, refund or adjustment entered by staff (or, later, by the payment flow).
    Signs follow the type: a payment is a credit, a refund a debit."""
    montant = Decimal(montant)
    if montant.as_tuple().exponent < -2:
        raise ErreurFacturation("Un montant s'écrit au centime près (deux décimales au plus).")
    if type_ == LigneCompte.Type.PAIEMENT and montant <= 0:
        raise ErreurFacturation("Un paiement est un montant positif.")
    if type_ == LigneCompte.Type.REMBOURSEMENT and montant >= 0:
        raise ErreurFacturation("Un remboursement est un montant négatif (rendu à la famille).")
    if type_ == LigneCompte.Type.CONSOMMATION:
        raise ErreurFacturation("Les consommations viennent du traitement des journées.")
    if not montant:
        raise ErreurFacturation("Un montant nul n'a pas sa place dans le compte.")
    ligne = LigneCompte(
        foyer_id=foyer_id,
        structure_id=structure_id,
        type=type_,
        montant=montant,
        jour=jour,
        libelle=libelle,
        cree_par=agent,
    )
    return ecrire_lignes([ligne])[0]


def solde(foyer_id: int, structure_id: int | None = None) -> Decimal:
    soldes = Solde.objects.filter(foyer_id=foyer_id)
    if structure_id is not None:
        soldes = soldes.filter(structure_id=structure_id)
    return soldes.aggregate(t=SommeEuros("montant"))["t"]


def controler_soldes() -> list[dict]:
    """Recompute every balance from its lines; report (and log) each difference. Changes
    nothing: a difference is a defect to investigate, not to paper over."""
    sommes = {
        (r["foyer_id"], r["structure_id"]): r["total"]
        for r in LigneCompte.objects.values("foyer_id", "structure_id").annotate(
            total=SommeEuros("montant")
        )
    }
    ecarts = []
    vus = set()
    for foyer_id, structure_id, montant in Solde.objects.values_list(
        "foyer_id", "structure_id", "montant"
    ):
        vus.add((foyer_id, structure_id))
        attendu = sommes.get((foyer_id, structure_id), ZERO)
        if attendu != montant:
            ecarts.append(
                {"foyer": foyer_id, "structure": structure_id, "solde": montant, "lignes": attendu}
            )
    for cle, total in sommes.items():
        if cle not in vus and total:
            ecarts.append({"foyer": cle[0], "structure": cle[1], "solde": None, "lignes": total})
    for ecart in ecarts:
        journal.error("Solde différent de la somme de ses lignes : %s", ecart)
    return ecarts


# --- allocation of payments (issue 14 credits through these) ----------------------------------


def reste_du(lignes):
    """Debit lines still owing, oldest first, with `reste` (positive euros)."""
    return (
        lignes.filter(montant__lt=0, annule__isnull=True, annulation__isnull=True)
        .annotate(
            alloue=SommeEuros(
                "allocations__montant", filter=Q(allocations__paiement__annulation__isnull=True)
            )
        )
        .order_by("jour", "pk")
    )


def allouer(paiement: LigneCompte) -> list[Allocation]:
    """Spread what is left of a credit (payment, positive adjustment) over the account's debit
    lines, oldest first. Allocations to lines reversed since are not counted: that part of the
    credit is free again. Idempotent: a second call allocates only what is still free."""
    if paiement.montant <= 0:
        raise ErreurFacturation("Seul un crédit (paiement, avoir) s'alloue aux lignes dues.")
    with transaction.atomic():
        verrouiller_soldes([(paiement.foyer_id, paiement.structure_id)])
        deja = paiement.allocations_donnees.filter(ligne__annulation__isnull=True).aggregate(
            t=SommeEuros("montant")
        )["t"]
        libre = paiement.montant - deja
        nouvelles = []
        lignes = LigneCompte.objects.du_compte(paiement.foyer_id, paiement.structure_id)
        for ligne in reste_du(lignes):
            if libre <= 0:
                break
            reste = -ligne.montant - ligne.alloue
            if reste <= 0:
                continue
            part = min(reste, libre)
            nouvelles.append(Allocation(paiement=paiement, ligne=ligne, montant=part))
            libre -= part
        # A line already partly paid by this same credit (then freed) gets a fresh row only if
        # none exists: unique (paiement, ligne) keeps one row per pair.
        existantes = set(
            Allocation.objects.filter(
                paiement=paiement, ligne_id__in=[a.ligne_id for a in nouvelles]
            ).values_list("ligne_id", flat=True)
        )
        nouvelles = [a for a in nouvelles if a.ligne_id not in existantes]
        return Allocation.objects.bulk_create(nouvelles)
