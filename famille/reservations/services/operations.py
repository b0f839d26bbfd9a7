"""Booking and cancelling for a family — by the parent on the portal, by staff at the counter
(`guichet=True`: deadlines may be passed, each such change logged with who and why), by imports
and jobs. `simuler` says what a confirmation would do without writing; `appliquer` does it.

One confirmation is one transaction: every row asked is written first in one sorted bulk insert
(the capped days provisionally booked, invisible to others until commit), then the capacity
rows of the capped days are locked in sorted order in one statement, last before commit: the
capped days that find a free place stay booked, the others move to the waiting list, and the
counters are adjusted — the locks are held for three short statements. On PostgreSQL the
lock wait is bounded (`SET LOCAL lock_timeout = '3s'`) and a deadlock or lock timeout is retried
a few times, then refused with « réessayez dans un instant » (never a 500). On SQLite the
transactions are IMMEDIATE (settings), hence serialised: the same rules hold.

Bad input raises ReservationError and saves nothing: another family's child or a prestation of
another structure, too many days at once, a date outside any sensible range. Each day that may
not be changed is refused with its French reason, the others go through."""

from __future__ import annotations

import dataclasses
import datetime
import random
import time
import uuid
from dataclasses import dataclass, field
from operator import attrgetter

from django.db import OperationalError, connection, transaction
from django.utils import timezone

from famille.dossiers.models import Enfant, Foyer

from ..models import JournalReservation, PeriodeReservation, Prestation, Reservation
from . import attente
from .erreurs import ReservationError
from .regles import (
    JOURNEE,
    Case,
    Contexte,
    Demande,
    Etat,
    charger,
    evaluer,
    periodes_avec_ids,
    prestations_avec_regles,
)

MAX_DEMANDES = 3000  # a year of four services for three children is about 2,100 days
PORTEE = datetime.timedelta(days=2 * 366)  # dates further than this from today are absurd
ESSAIS = 4
CODES_VERROU = {"40P01", "55P03", "40001"}  # deadlock, lock timeout, serialization failure
TROP_DE_MONDE = (
    "De nombreuses familles réservent en ce moment : rien n'a été enregistré, réessayez dans "
    "un instant."
)


# Demande's own order (child, prestation, day) as a key: sorting a confirmation's hundreds of
# days compares plain tuples instead of calling the dataclass's __lt__ thousands of times.
ORDRE = attrgetter("enfant_id", "prestation_id", "jour")


@dataclass
class Bilan:
    ajoutees: list[Demande] = field(default_factory=list)
    annulees: list[Demande] = field(default_factory=list)
    en_attente: list[Demande] = field(default_factory=list)
    refusees: list[tuple[Demande, str]] = field(default_factory=list)  # with the French reason
    inchangees: list[Demande] = field(default_factory=list)  # already so (a replayed request)
    hors_delai: list[Demande] = field(default_factory=list)  # staff, past the deadline
    propositions: list[int] = field(default_factory=list)  # offers made to waiting families
    lot: uuid.UUID | None = None  # the confirmation's id on its rows
    # The children and prestations asked (id -> instance), read by the operation: the summary
    # names them without reading them again.
    enfants: dict = field(default_factory=dict, repr=False)
    prestations: dict = field(default_factory=dict, repr=False)

    @property
    def vide(self) -> bool:
        return not (self.ajoutees or self.annulees or self.en_attente)


@dataclass
class _Plan:
    ctx: Contexte
    bilan: Bilan
    ajouts: list[tuple[Demande, Case]]
    annulations: list[tuple[Demande, Case]]


def _verifier_entree(foyer: Foyer, ajouts, annulations, maintenant) -> tuple[list, list]:
    ajouts, annulations = list(ajouts), list(annulations)
    if len(ajouts) + len(annulations) > MAX_DEMANDES:
        raise ReservationError(
            f"Trop de jours en une seule demande ({len(ajouts) + len(annulations)}, "
            f"{MAX_DEMANDES} au plus) : rien n'a été enregistré."
        )
    aujourdhui = timezone.localtime(maintenant).date()
    premier, dernier = aujourdhui - PORTEE, aujourdhui + PORTEE
    for demande in ajouts + annulations:
        jour = demande.jour
        if not isinstance(jour, datetime.date) or isinstance(jour, datetime.datetime):
            raise ReservationError("Une date demandée n'est pas valable : rien n'a été enregistré.")
        if jour < premier or jour > dernier:
            raise ReservationError(
                f"La date du {jour:%d/%m/%Y} n'est pas valable : rien n'a été enregistré."
            )
    ajouts, annulations = sorted(set(ajouts), key=ORDRE), sorted(set(annulations), key=ORDRE)
    if set(ajouts) & set(annulations):
        raise ReservationError(
            "Un même jour est à la fois ajouté et annulé : rien n'a été enregistré."
        )
    return ajouts, annulations


def _couvre(deja: Contexte | None, foyer: Foyer, toutes: list[Demande]) -> bool:
    """Whether `deja`, a context charger() read for this foyer, holds every child,
    prestation and day asked (then nothing needs reading again)."""
    if deja is None or deja.bornes is None or deja.foyer.pk != foyer.pk:
        return False
    debut, fin = deja.bornes
    return all(
        d.enfant_id in deja.enfants
        and d.prestation_id in deja.prestations
        and debut <= d.jour <= fin
        for d in toutes
    )


def _enfants_prestations(
    foyer: Foyer, toutes: list[Demande], deja, connus: dict | None = None
) -> tuple[dict, dict]:
    """The children and prestations asked, checked: the foyer's children, the prestations of
    the structures of its account. From `deja` when it holds them (its children are the
    foyer's; its prestations are only checked against the structures); the children from
    `connus` (id -> the foyer's children, just read by the caller) when given."""
    ids_enfants = {d.enfant_id for d in toutes}
    ids_prestations = {d.prestation_id for d in toutes}
    structures = foyer.titulaire.structures.values_list("pk", flat=True)
    if deja is not None:
        connus = deja.enfants
        admises = set(structures)
        prestations = {
            i: deja.prestations[i]
            for i in ids_prestations
            if deja.prestations[i].structure_id in admises
        }
    else:
        prestations = {
            p.pk: p
            for p in prestations_avec_regles(
                Prestation.objects.filter(pk__in=ids_prestations, structure_id__in=structures)
            )
        }
    if connus is not None:
        enfants = {i: connus[i] for i in ids_enfants if i in connus}
    else:
        enfants = {
            e.pk: e
            for e in Enfant.objects.filter(gardes__foyer=foyer, pk__in=ids_enfants).distinct()
        }
    if len(enfants) != len(ids_enfants):
        raise ReservationError(
            "Un enfant demandé n'est pas rattaché à ce compte famille : rien n'a été enregistré."
        )
    if len(prestations) != len(ids_prestations):
        raise ReservationError(
            "Une prestation demandée n'est pas proposée à ce compte famille : rien n'a été "
            "enregistré."
        )
    return enfants, prestations


def _preparer(
    foyer: Foyer,
    ajouts,
    annulations,
    guichet: bool,
    maintenant,
    deja: Contexte | None = None,
    enfants: dict | None = None,
) -> _Plan:
    ajouts, annulations = _verifier_entree(foyer, ajouts, annulations, maintenant)
    toutes = ajouts + annulations
    bilan = Bilan()
    if not toutes:
        return _Plan(None, bilan, [], [])
    if not _couvre(deja, foyer, toutes):
        deja = None
    enfants, prestations = _enfants_prestations(foyer, toutes, deja, enfants)
    debut = min(d.jour for d in toutes)
    fin = max(d.jour for d in toutes)
    # Every period of these structures over the days asked (a calendar reads only its own).
    periodes = periodes_avec_ids(
        PeriodeReservation.objects.filter(
            structure_id__in={p.structure_id for p in prestations.values()},
            debut__lte=fin,
            fin__gte=debut,
        )
    )
    if deja is not None:
        # The calendar's reading, a few milliseconds old: what it says of the days asked is
        # what charger() would read now; its own marks of a simulation start empty.
        ctx = dataclasses.replace(
            deja, maintenant=maintenant, periodes=periodes, retirees=set(), ajoutees={}
        )
    else:
        ctx = charger(
            foyer,
            list(enfants.values()),
            list(prestations.values()),
            periodes,
            debut,
            fin,
            maintenant,
            avec_rangs=False,
        )
    plan = _Plan(ctx, bilan, [], [])
    bilan.enfants, bilan.prestations = enfants, prestations
    # Cancellations first: a day cancelled frees its date for the other kind of Wednesday
    # (full day or half-day) asked in the same confirmation. Full days before half-days: when
    # both are asked for the same date, the full day is kept and the half-day refused.
    for demande in annulations:
        _classer_annulation(plan, demande, guichet)
    demi = {p.pk: p.type not in JOURNEE for p in ctx.prestations.values()}
    for demande in sorted(
        ajouts, key=lambda d: (demi[d.prestation_id], d.enfant_id, d.prestation_id, d.jour)
    ):
        _classer_ajout(plan, demande, guichet)
    return plan


def _hors_periode(ctx: Contexte, demande: Demande) -> str:
    prestation = ctx.prestations[demande.prestation_id]
    if ctx.periode_de(demande.prestation_id, demande.jour) is None:
        return (
            f"{prestation.nom} : le {demande.jour:%d/%m/%Y} n'est dans aucune période de "
            "réservation ouverte à cette prestation."
        )
    return ""


def _classer_ajout(plan: _Plan, demande: Demande, guichet: bool) -> None:
    ctx, bilan = plan.ctx, plan.bilan
    motif = _hors_periode(ctx, demande)
    if motif:
        bilan.refusees.append((demande, motif))
        return
    case = evaluer(ctx, *_cle(demande), guichet=guichet)
    if case is None:
        nom = ctx.prestations[demande.prestation_id].nom
        bilan.refusees.append((demande, f"{nom} n'a pas lieu ce jour de la semaine."))
    elif case.etat in (Etat.RESERVABLE, Etat.COMPLETE):
        plan.ajouts.append((demande, case))
        ctx.noter_ajout(demande)
    elif case.etat in (Etat.RESERVEE, Etat.ATTENTE, Etat.PROPOSEE):
        bilan.inchangees.append(demande)
    else:
        bilan.refusees.append((demande, case.motif or Etat(case.etat).label))


def _classer_annulation(plan: _Plan, demande: Demande, guichet: bool) -> None:
    ctx, bilan = plan.ctx, plan.bilan
    reservation = ctx.reservations.get(_cle(demande))
    if reservation is None:
        bilan.inchangees.append(demande)  # nothing to cancel: already cancelled (replayed)
        return
    case = evaluer(ctx, *_cle(demande), guichet=guichet)
    if case is not None and case.modifiable:
        plan.annulations.append((demande, case))
        ctx.retirees.add(_cle(demande))
    else:
        motif = case.motif if case is not None else "Ce jour ne peut pas être annulé."
        bilan.refusees.append((demande, motif))


def _cle(demande: Demande) -> tuple[int, int, datetime.date]:
    return demande.enfant_id, demande.prestation_id, demande.jour


def _plafonnee(ctx: Contexte, demande: Demande) -> bool:
    return ctx.prestations[demande.prestation_id].capacite is not None


def simuler(
    acteur, foyer: Foyer, ajouts, annulations, *, guichet=False, maintenant=None, deja=None
) -> Bilan:
    """What `appliquer` would do now, without writing: the free places are those read now
    (another family may take them before the confirmation). `deja`: the Contexte the same
    request's calendar was decided from (grille.Grille.contexte); when it holds every child,
    prestation and day asked, the rules are not read again."""
    maintenant = maintenant or timezone.now()
    plan = _preparer(foyer, ajouts, annulations, guichet, maintenant, deja)
    bilan = plan.bilan
    libres: dict[tuple[int, datetime.date], int] = {}
    for demande, case in plan.ajouts:
        prestation = plan.ctx.prestations[demande.prestation_id]
        cle = (prestation.pk, demande.jour)
        if prestation.capacite is not None:
            libres.setdefault(cle, plan.ctx.libres(prestation, demande.jour))
            if libres[cle] <= 0:
                bilan.en_attente.append(demande)
                continue
            libres[cle] -= 1
        bilan.ajoutees.append(demande)
        if case.hors_delai:
            bilan.hors_delai.append(demande)
    for demande, case in plan.annulations:
        bilan.annulees.append(demande)
        if case.hors_delai:
            bilan.hors_delai.append(demande)
    return bilan


def appliquer(
    acteur,
    foyer: Foyer,
    ajouts,
    annulations,
    *,
    guichet=False,
    motif="",
    maintenant=None,
    enfants: dict | None = None,
) -> Bilan:
    """Book and cancel in one transaction (see the module's docstring). `acteur`: who acts
    (the parent, or the agent at the counter when `guichet`). `enfants`: id -> the foyer's
    children, when the caller has just read them (not read again)."""
    if guichet and not (motif or "").strip():
        raise ReservationError("Indiquez le motif du changement fait au guichet.")
    for essai in range(ESSAIS):
        try:
            with transaction.atomic():
                attente.lock_timeout()
                return _appliquer(
                    acteur,
                    foyer,
                    ajouts,
                    annulations,
                    guichet,
                    motif,
                    maintenant or timezone.now(),
                    enfants,
                )
        except OperationalError as erreur:
            if not conflit_de_verrou(erreur):
                raise
            if essai < ESSAIS - 1:
                # Back off a little, with jitter, so that the retried transactions spread out.
                time.sleep(0.05 * (2**essai) * (1 + random.random()))
    raise ReservationError(TROP_DE_MONDE)


def conflit_de_verrou(erreur: OperationalError) -> bool:
    cause = erreur.__cause__
    if getattr(cause, "sqlstate", None) in CODES_VERROU:
        return True
    return "database is locked" in str(erreur)


def _appliquer(acteur, foyer, ajouts, annulations, guichet, motif, maintenant, enfants) -> Bilan:
    plan = _preparer(foyer, ajouts, annulations, guichet, maintenant, enfants=enfants)
    bilan = plan.bilan
    if not plan.ajouts and not plan.annulations:
        return bilan
    ctx = plan.ctx
    lot = uuid.uuid4()
    bilan.lot = lot
    acteur_id = getattr(acteur, "pk", None)
    hors_delai = {d for d, c in plan.ajouts + plan.annulations if c.hors_delai}

    # 1. Every row asked, uncapped and capped alike, in one sorted bulk insert before any lock
    #    (two tabs insert in the same order; a row another tab holds is skipped): the capped
    #    ones provisionally booked — no other transaction sees them before commit.
    libres_annul = [(d, c) for d, c in plan.annulations if not _plafonnee(ctx, d)]
    _annuler(ctx, [d for d, _ in libres_annul], hors_delai, acteur_id, maintenant)
    demandees = [d for d, _ in plan.ajouts]
    faites = _inserer(
        foyer, demandees, Reservation.Statut.RESERVEE, hors_delai, acteur_id, lot, maintenant
    )
    if faites is None:  # not PostgreSQL: the rows inserted are read back by their lot
        faites = {
            (e, p, j): pk
            for pk, e, p, j in Reservation.objects.filter(lot=lot).values_list(
                "pk", "enfant_id", "prestation_id", "date"
            )
        }
    bilan.inchangees += [d for d in demandees if _cle(d) not in faites]
    bilan.ajoutees += [d for d in demandees if not _plafonnee(ctx, d) and _cle(d) in faites]
    bilan.annulees += [d for d, _ in libres_annul]

    # 2. Capped days, last before commit: lock their capacity rows (sorted, one statement),
    #    then keep the places there are and move the others to the waiting list.
    cap_ajouts = [d for d in demandees if _plafonnee(ctx, d) and _cle(d) in faites]
    cap_annul = [d for d, _ in plan.annulations if _plafonnee(ctx, d)]
    if cap_ajouts or cap_annul:
        _places(ctx, bilan, cap_ajouts, cap_annul, faites, hors_delai, acteur_id, lot, maintenant)

    faits = set(bilan.ajoutees + bilan.annulees + bilan.en_attente)
    bilan.hors_delai = sorted((d for d in hors_delai if d in faits), key=ORDRE)
    if guichet:
        _journaliser(acteur, foyer, bilan, motif, lot)
    return bilan


def _annuler(ctx, demandes, hors_delai, acteur_id, maintenant) -> list[Reservation]:
    """Cancel the family's active rows for these days; returns them as they were."""
    if not demandes:
        return []
    ids = [ctx.reservations[_cle(d)].pk for d in demandes]
    lignes = list(Reservation.objects.filter(pk__in=ids, foyer=ctx.foyer).actives().order_by("pk"))
    tard = {ctx.reservations[_cle(d)].pk for d in demandes if d in hors_delai}
    for valeur in (True, False):
        cibles = [r.pk for r in lignes if (r.pk in tard) is valeur]
        if cibles:
            champs = {"hors_delai": True} if valeur else {}
            Reservation.objects.filter(pk__in=cibles).update(
                statut=Reservation.Statut.ANNULEE,
                annulee_le=maintenant,
                annulee_par_id=acteur_id,
                expire_le=None,
                modifie_le=maintenant,
                **champs,
            )
    return lignes


def _inserer(foyer, demandes, statut, hors_delai, acteur_id, lot, arrivee) -> dict | None:
    """Insert the rows asked, sorted; a row another tab of the same parent inserted meanwhile
    is skipped (the partial unique index keeps one; the caller reports it unchanged). On
    PostgreSQL, returns (child, prestation, day) -> id of the rows inserted; elsewhere None
    (the caller reads them back by their `lot`)."""
    if not demandes:
        return {}
    demandes = sorted(demandes, key=ORDRE)
    if connection.vendor == "postgresql":
        return _inserer_postgresql(foyer, demandes, statut, hors_delai, acteur_id, lot, arrivee)
    Reservation.objects.bulk_create(
        [
            Reservation(
                foyer=foyer,
                enfant_id=d.enfant_id,
                prestation_id=d.prestation_id,
                date=d.jour,
                statut=statut,
                arrivee=arrivee,
                hors_delai=d in hors_delai,
                cree_par_id=acteur_id,
                lot=lot,
            )
            for d in demandes
        ],
        ignore_conflicts=True,
    )
    return None


def _inserer_postgresql(foyer, demandes, statut, hors_delai, acteur_id, lot, arrivee) -> dict:
    """The same rows as bulk_create would write (the columns left out are NULL), in ONE
    statement fed by four arrays: a confirmation's 250 rows cost 30 ms of Python as model
    instances, 1 ms this way. WITH ORDINALITY … ORDER BY keeps the sorted insertion order (two
    tabs take the unique index's entries in the same order); RETURNING gives the rows actually
    inserted, without reading them back."""
    champs = {f.name: f.column for f in Reservation._meta.concrete_fields}
    q = connection.ops.quote_name
    colonnes = ", ".join(
        q(champs[nom])
        for nom in (
            "foyer", "enfant", "prestation", "date", "statut", "arrivee", "hors_delai",
            "cree_par", "lot", "cree_le", "modifie_le",
        )
    )  # fmt: skip
    maintenant = timezone.now()  # auto_now_add / auto_now
    sql = (
        f"INSERT INTO {q(Reservation._meta.db_table)} ({colonnes}) "  # noqa: S608
        "SELECT %s, v.e, v.p, v.d, %s, %s, v.h, %s, %s, %s, %s "
        "FROM unnest(%s::bigint[], %s::bigint[], %s::date[], %s::boolean[]) "
        "WITH ORDINALITY AS v(e, p, d, h, n) ORDER BY v.n "
        f"ON CONFLICT DO NOTHING RETURNING {q(champs['id'])}, {q(champs['enfant'])}, "
        f"{q(champs['prestation'])}, {q(champs['date'])}"
    )
    parametres = [
        foyer.pk,
        str(statut),
        arrivee,
        acteur_id,
        lot,
        maintenant,
        maintenant,
        # Array literals written here: psycopg's list dumping cost ~3 ms for 250 rows.
        "{" + ",".join(str(d.enfant_id) for d in demandes) + "}",
        "{" + ",".join(str(d.prestation_id) for d in demandes) + "}",
        "{" + ",".join(d.jour.isoformat() for d in demandes) + "}",
        "{" + ",".join("t" if d in hors_delai else "f" for d in demandes) + "}",
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, parametres)
        return {(e, p, j): pk for pk, e, p, j in cursor.fetchall()}


def _places(ctx, bilan, ajouts, annulations, faites, hors_delai, acteur_id, lot, maintenant):
    """`ajouts`: capped days this transaction inserted, provisionally booked (`faites`: their
    ids). Under the day locks, the first of them (by prestation, day, child) take the free
    places; the others become waiting-list rows arrived now."""
    cles = sorted({(d.prestation_id, d.jour) for d in ajouts + annulations})
    # Days whose row was read with the context need none: only the others are looked for (not
    # counting this transaction's own provisional rows).
    attente.creer_lignes_manquantes(
        ctx.prestations, [c for c in cles if c not in ctx.lignes_connues], sauf_lot=lot
    )
    lignes = attente.verrouiller(cles)
    if len(lignes) < len(cles):  # a row deleted by staff since it was read: recreate, lock
        attente.creer_lignes_manquantes(
            ctx.prestations, [c for c in cles if c not in lignes], sauf_lot=lot
        )
        lignes = attente.verrouiller(cles)  # rare; a deadlock here is retried like any other
    # Arrival on a waiting list is the moment the lock was obtained: the order in which the
    # families were actually served.
    arrivee = max(maintenant, timezone.now())
    deltas: dict[int, int] = {}

    # Cancellations, re-read under the lock: only what was still active counts.
    annulees = _annuler(ctx, annulations, hors_delai, acteur_id, maintenant)
    liberees: dict[tuple[int, datetime.date], int] = {}
    for r in annulees:
        if r.statut in Reservation.STATUTS_PLACE:
            liberees[r.prestation_id, r.date] = liberees.get((r.prestation_id, r.date), 0) + 1
    encore = {(r.enfant_id, r.prestation_id, r.date) for r in annulees}
    bilan.annulees += [d for d in annulations if _cle(d) in encore]
    bilan.inchangees += [d for d in annulations if _cle(d) not in encore]

    places, file = [], []
    libres = {cle: ligne.libres for cle, ligne in lignes.items()}
    for demande in sorted(ajouts, key=lambda d: (d.prestation_id, d.jour, d.enfant_id)):
        cle = (demande.prestation_id, demande.jour)
        if libres.get(cle, 0) > 0:
            libres[cle] -= 1
            places.append(demande)
        else:
            file.append(demande)
    if file:
        Reservation.objects.filter(pk__in=[faites[_cle(d)] for d in file]).update(
            statut=Reservation.Statut.ATTENTE, arrivee=arrivee
        )
    bilan.ajoutees += places
    bilan.en_attente += file
    for demande in places:
        pk = lignes[demande.prestation_id, demande.jour].pk
        deltas[pk] = deltas.get(pk, 0) + 1

    # Freed places go to the first in line, in this same transaction.
    for cle, nombre in sorted(liberees.items()):
        ligne = lignes[cle]
        delta, offres = attente.liberer(ctx.prestations[cle[0]], ligne, nombre, maintenant)
        deltas[ligne.pk] = deltas.get(ligne.pk, 0) + delta
        bilan.propositions += offres
    attente.ajuster_compteurs(deltas)


def _journaliser(acteur, foyer, bilan: Bilan, motif: str, lot) -> None:
    tard = set(bilan.hors_delai)
    lignes = (
        [(d, JournalReservation.Action.AJOUT) for d in bilan.ajoutees]
        + [(d, JournalReservation.Action.ATTENTE) for d in bilan.en_attente]
        + [(d, JournalReservation.Action.ANNULATION) for d in bilan.annulees]
    )
    JournalReservation.objects.bulk_create(
        [
            JournalReservation(
                acteur=acteur,
                foyer=foyer,
                enfant_id=d.enfant_id,
                prestation_id=d.prestation_id,
                jour=d.jour,
                action=action,
                hors_delai=d in tard,
                motif=motif[:255],
                lot=lot,
            )
            for d, action in lignes
        ]
    )
