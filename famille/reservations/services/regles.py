"""The state of one (child, prestation, day) for a family, decided in ONE place for the
calendar (grille.py), the booking operations (operations.py) and the admin counter alike.

`charger` reads everything a screen or an operation needs for many children and days in a
fixed number of queries; `evaluer` then decides each case in Python, in this order: closed day,
an existing booking (the family's own, or the other parent's), child not admitted, the other
parent's custody day, dossier not validated, period not open yet, deadline passed, a
Wednesday full day and half-day on the same date (`incompatibilite`), full (waiting list
offered), bookable. Nothing here writes.

Capacity: a capped prestation's day without its CapaciteJour row (created on first booking)
counts the places already held that day against the prestation's capacity (places_libres)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.db import connection, models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

from famille.comptes.lettres import contact_du_service
from famille.dossiers.models import Enfant, Foyer
from famille.dossiers.services.eligibilite import Cause, Verdict, verdicts

from ..models import CapaciteJour, PeriodeReservation, Prestation, Reservation
from . import calendrier, delais


class Etat(models.TextChoices):
    RESERVEE = "reservee", "Réservé"
    RESERVABLE = "reservable", "Réservable"
    FERMEE = "fermee", "Fermé"
    DELAI_DEPASSE = "delai_depasse", "Date limite dépassée"
    COMPLETE = "complete", "Complet — liste d'attente proposée"
    ATTENTE = "attente", "Sur liste d'attente"
    PROPOSEE = "proposee", "Place proposée"
    AUTRE_PARENT = "autre_parent", "Autre parent"
    NON_ADMIS = "non_admis", "Non ouvert à cet enfant"
    NON_OUVERTE = "non_ouverte", "Réservations pas encore ouvertes"
    NON_ELIGIBLE = "non_eligible", "Dossier à valider"
    INCOMPATIBLE = "incompatible", "Déjà inscrit à la journée ou à la demi-journée"


# The Wednesday centre's full day excludes its half-days on the same date (a child is not
# booked twice for the same morning); morning and afternoon together are allowed.
JOURNEE = {Prestation.Type.MERCREDI}
DEMI_JOURNEES = {Prestation.Type.MERCREDI_MATIN, Prestation.Type.MERCREDI_APRES_MIDI}
TYPES_EXCLUSIFS = JOURNEE | DEMI_JOURNEES


def incompatibles(type_a: str, type_b: str) -> bool:
    """A full day and a half-day of the Wednesday centre may not be held on the same date."""
    return (type_a in JOURNEE and type_b in DEMI_JOURNEES) or (
        type_a in DEMI_JOURNEES and type_b in JOURNEE
    )


@dataclass(frozen=True, order=True)
class Demande:
    """One day asked for (or asked to cancel) for one child and one prestation."""

    enfant_id: int
    prestation_id: int
    jour: datetime.date


@dataclass
class Case:
    etat: str  # Etat
    motif: str = ""  # French, shown on the day
    rang: int | None = None  # on the waiting list
    modifiable: bool = False  # may be ticked / unticked now
    reservation_id: int | None = None
    expire_le: datetime.datetime | None = None  # an offered place must be accepted before
    hors_delai: bool = False  # staff at the counter, past the deadline


# « lundi 5 janvier 2026 » without Django's date formatting (~0.1 ms a call, thousands of calls
# per calendar and summary); the portal speaks French only, any other language falls back.
JOURS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MOIS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)  # fmt: skip


def date_longue(jour: datetime.date) -> str:
    if get_language() not in ("fr", "fr-fr"):
        return date_format(jour, "l j F Y")
    return f"{JOURS_FR[jour.weekday()]} {jour.day} {MOIS_FR[jour.month - 1]} {jour.year}"


def moment(instant: datetime.datetime) -> str:
    local = timezone.localtime(instant)
    heure = f"{local.hour} h" + (f" {local.minute:02d}" if local.minute else "")
    return f"{date_longue(local.date())} à {heure}"


def age_le(enfant: Enfant, jour: datetime.date) -> int:
    naissance = enfant.date_naissance
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))


def motif_admission(prestation: Prestation, enfant: Enfant, jour: datetime.date) -> str:
    """Why this child may not have this prestation ("" when admitted). Reads the schools and
    classes attached by prestations_avec_regles (else one query each)."""
    ecoles = _restrictions(prestation, "ecoles")
    if ecoles and enfant.ecole_id not in ecoles:
        return f"{prestation.nom} : réservé aux élèves de {', '.join(ecoles.values())}."
    classes = _restrictions(prestation, "classes")
    if classes and enfant.classe_id not in classes:
        return f"{prestation.nom} : réservé aux classes {', '.join(classes.values())}."
    age = age_le(enfant, jour)
    if prestation.age_min is not None and age < prestation.age_min:
        return f"{prestation.nom} : à partir de {prestation.age_min} ans."
    if prestation.age_max is not None and age > prestation.age_max:
        return f"{prestation.nom} : jusqu'à {prestation.age_max} ans."
    return ""


def _restrictions(prestation: Prestation, quoi: str) -> dict[int, str]:
    """The schools (or classes) a prestation is restricted to: id -> name."""
    attachees = getattr(prestation, f"_{quoi}_admises", None)
    if attachees is None:
        attachees = dict(getattr(prestation, quoi).values_list("pk", "nom"))
    return attachees


def prestations_avec_regles(queryset=None) -> list[Prestation]:
    """Prestations (in the queryset's order) with what `evaluer` reads — structure, and the
    schools and classes each is restricted to — in two queries: the prestations, then one
    UNION of both restriction tables."""
    queryset = queryset if queryset is not None else Prestation.objects.all()
    prestations = list(queryset.select_related("structure"))
    for prestation in prestations:
        prestation._ecoles_admises, prestation._classes_admises = {}, {}
    if not prestations:
        return prestations
    par_id = {p.pk: p for p in prestations}
    for prestation_id, quoi, pk, nom in _restrictions_de(list(par_id)):
        getattr(par_id[prestation_id], f"_{quoi}_admises")[pk] = nom
    return prestations


def _restrictions_de(ids: list[int]) -> list[tuple[int, str, int, str]]:
    """(prestation id, « ecoles » or « classes », id, name) of these prestations' restrictions,
    in one UNION written in SQL (the ORM's took ~5 ms of CPU to build, on every page)."""
    q = connection.ops.quote_name
    dans = ", ".join(["%s"] * len(ids))
    morceaux = []
    for quoi, champ in (("ecoles", Prestation.ecoles), ("classes", Prestation.classes)):
        lien = champ.through._meta
        cible = champ.field.related_model._meta
        cle = q(lien.get_field(cible.model_name).column)
        morceaux.append(
            f"SELECT l.{q(lien.get_field('prestation').column)}, '{quoi}', l.{cle}, "  # noqa: S608
            f"t.{q(cible.get_field('nom').column)} FROM {q(lien.db_table)} l "
            f"JOIN {q(cible.db_table)} t ON t.{q(cible.pk.column)} = l.{cle} "
            f"WHERE l.{q(lien.get_field('prestation').column)} IN ({dans})"
        )
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(morceaux), [*ids, *ids])
        return cursor.fetchall()


class Tenue(NamedTuple):
    """A row the family holds (booked, waiting, offered), as the rules read it: the columns
    they use and no more. A plain tuple rather than a Reservation: a whole-period family holds
    ~300 rows, and building a model instance for each, with its five dates and times parsed,
    cost ~5 ms of CPU on every calendar, summary and confirmation."""

    pk: int
    foyer_id: int
    enfant_id: int
    prestation_id: int
    date: datetime.date
    statut: str
    expire_le: datetime.datetime | None
    type_prestation: str
    nom_prestation: str
    devant: int | None  # waiting rows ahead of this one (calendar only; None otherwise)


@dataclass
class Contexte:
    foyer: Foyer
    maintenant: datetime.datetime
    enfants: dict[int, Enfant]
    prestations: dict[int, Prestation]
    periodes: list[PeriodeReservation]
    jours: dict[int, dict[datetime.date, str]]  # prestation -> day -> closing reason
    verdicts: dict[tuple[int, datetime.date], Verdict]
    reservations: dict[tuple[int, int, datetime.date], Tenue]
    # (prestation, day) -> free places, for capped prestations' days that anything holds or
    # that have a capacity row; a day absent here has all of the prestation's places free.
    places: dict[tuple[int, datetime.date], int] = field(default_factory=dict)
    # (child, day) -> the Wednesday centre's prestations the child holds that day (id, type,
    # name), whichever prestations were loaded: a half-day is refused beside a full day.
    exclusives: dict[tuple[int, datetime.date], list[tuple[int, str, str]]] = field(
        default_factory=dict
    )
    # Set by an operation while it classifies a confirmation: what it cancels and what it has
    # already accepted to add, so the incompatibility rule sees the day as it will be.
    retirees: set[tuple[int, int, datetime.date]] = field(default_factory=set)
    # The (prestation, day) pairs that had a capacity row when read: an operation creates
    # only the others.
    lignes_connues: set[tuple[int, datetime.date]] = field(default_factory=set)
    ajoutees: dict[tuple[int, datetime.date], list[tuple[int, str, str]]] = field(
        default_factory=dict
    )
    # (prestation id, « reservation » or « annulation », day) -> (rule, limit), filled by
    # evaluer: the limits do not depend on the child.
    limites: dict[tuple[int, str, datetime.date], tuple] = field(default_factory=dict)
    # The first and last days read by `charger`: a later simulation may reuse this context
    # for days inside them (operations.simuler's `deja`).
    bornes: tuple[datetime.date, datetime.date] | None = None

    @cached_property
    def contact(self) -> str:
        """« affaires.scolaires@… ou 05 56 … », read once, only when a deadline is passed."""
        contact = contact_du_service()
        moyens = [m for m in (contact.email, contact.telephone) if m]
        return " ou ".join(moyens)

    def periode_de(self, prestation_id: int, jour: datetime.date) -> PeriodeReservation | None:
        for periode in self.periodes:
            if periode.debut <= jour <= periode.fin and prestation_id in periode.ids_prestations:
                return periode
        return None

    def libres(self, prestation: Prestation, jour: datetime.date) -> int | None:
        """Free places that day, None when the prestation is not capped."""
        if prestation.capacite is None:
            return None
        return self.places.get((prestation.pk, jour), prestation.capacite)

    def noter_ajout(self, demande: Demande) -> None:
        prestation = self.prestations[demande.prestation_id]
        if prestation.type in TYPES_EXCLUSIFS:
            self.ajoutees.setdefault((demande.enfant_id, demande.jour), []).append(
                (prestation.pk, prestation.type, prestation.nom)
            )


def jours_des_prestations(
    prestations: list[Prestation], debut: datetime.date, fin: datetime.date
) -> dict[int, dict[datetime.date, str]]:
    """prestation id -> each of its days in [debut, fin] -> closing reason ("" = open): one
    query per structure (its closures), the same for every family."""
    jours: dict[int, dict[datetime.date, str]] = {}
    par_structure: dict[int, list] = {}
    for prestation in prestations:
        if prestation.structure_id not in par_structure:
            par_structure[prestation.structure_id] = calendrier.fermetures_de(
                prestation.structure_id, debut, fin
            )
        jours[prestation.pk] = calendrier.jours_de(
            prestation,
            debut,
            fin,
            prestation.structure.zone_vacances,
            par_structure[prestation.structure_id],
        )
    return jours


def charger(
    foyer: Foyer,
    enfants: list[Enfant],
    prestations: list[Prestation],
    periodes: list[PeriodeReservation],
    debut: datetime.date,
    fin: datetime.date,
    maintenant: datetime.datetime | None = None,
    *,
    avec_rangs: bool = True,
    jours: dict[int, dict[datetime.date, str]] | None = None,
) -> Contexte:
    """Read what `evaluer` needs, in a fixed number of queries (about ten), whatever the
    number of children, prestations and days. `prestations` come from
    prestations_avec_regles(); each period needs `ids_prestations` (see periodes_avec_ids).
    `jours`, when given, is jours_des_prestations() of the same prestations and dates (the
    calendar reads it once for every family of a period before it opens)."""
    maintenant = maintenant or timezone.now()
    ids_enfants = [e.pk for e in enfants]
    ids_prestations = [p.pk for p in prestations]
    jours_possibles = [debut + datetime.timedelta(days=n) for n in range((fin - debut).days + 1)]
    if jours is None:
        jours = jours_des_prestations(prestations, debut, fin)
    lignes = _tenues(
        ids_enfants,
        ids_prestations,
        any(p.type in TYPES_EXCLUSIFS for p in prestations),
        debut,
        fin,
        avec_rangs,
    )
    reservations = {}
    exclusives: dict[tuple[int, datetime.date], list[tuple[int, str, str]]] = {}
    for r in lignes:
        if r.prestation_id in ids_prestations:
            reservations[r.enfant_id, r.prestation_id, r.date] = r
        if r.type_prestation in TYPES_EXCLUSIFS:
            exclusives.setdefault((r.enfant_id, r.date), []).append(
                (r.prestation_id, r.type_prestation, r.nom_prestation)
            )
    connues: set[tuple[int, datetime.date]] = set()
    places = places_libres(
        [p for p in prestations if p.capacite is not None], debut, fin, lignes=connues, jours=jours
    )
    return Contexte(
        foyer=foyer,
        maintenant=maintenant,
        enfants={e.pk: e for e in enfants},
        prestations={p.pk: p for p in prestations},
        periodes=periodes,
        jours=jours,
        verdicts=verdicts(foyer.titulaire, ids_enfants, jours_possibles),
        reservations=reservations,
        places=places,
        exclusives=exclusives,
        lignes_connues=connues,
        bornes=(debut, fin),
    )


def _constante(valeur: str) -> str:
    """A code constant (a status) as an SQL literal: letters and underscores only."""
    if not str(valeur).replace("_", "").isalpha():
        raise ValueError(valeur)
    return f"'{valeur}'"


def _tenues(ids_enfants, ids_prestations, exclusifs: bool, debut, fin, avec_rangs: bool):
    """The children's active rows of these prestations in [debut, fin] by date — and, when
    `exclusifs`, of any Wednesday centre prestation — with their prestation's type and name
    (type_prestation, nom_prestation) and, when `avec_rangs`, how many wait before them on
    the same day's list (devant). Written in SQL: the ORM took ~4 ms of CPU to build it."""
    if not ids_enfants or not ids_prestations:
        return []
    q = connection.ops.quote_name
    res, pre = Reservation._meta, Prestation._meta
    col = {f.name: q(f.column) for f in res.concrete_fields}
    r_table, p_table = q(res.db_table), q(pre.db_table)
    p_id, p_type, p_nom = (q(pre.get_field(n).column) for n in ("id", "type", "nom"))
    parametres: list = []
    devant = ""
    # The statuses written as constants, not parameters: a statement PostgreSQL keeps prepared
    # (portail/settings/base.py) may run a generic plan, which can only use the waiting lists'
    # partial index (WHERE statut = 'attente') when the query names that value itself.
    attente, annulee = (
        _constante(Reservation.Statut.ATTENTE),
        _constante(Reservation.Statut.ANNULEE),
    )
    if avec_rangs:  # the calendar shows ranks; an operation does not need them
        # Counted for waiting rows only (CASE): run for every row, the count cost PostgreSQL
        # 1.7 ms per calendar of a family holding ~190 rows, most of them booked.
        devant = (
            f", CASE WHEN r.{col['statut']} = {attente} THEN (SELECT COUNT(*) FROM {r_table} w "  # noqa: S608
            f"WHERE w.{col['prestation']} = r.{col['prestation']} AND w.{col['date']} = "
            f"r.{col['date']} AND w.{col['statut']} = {attente} AND (w.{col['arrivee']} < "
            f"r.{col['arrivee']} OR (w.{col['arrivee']} = r.{col['arrivee']} AND "
            f"w.{col['id']} < r.{col['id']}))) END AS devant"
        )
    quelles = f"r.{col['prestation']} IN ({', '.join(['%s'] * len(ids_prestations))})"
    parametres += [*ids_prestations]
    if exclusifs:
        types = sorted(TYPES_EXCLUSIFS)
        quelles = f"({quelles} OR p.{p_type} IN ({', '.join(['%s'] * len(types))}))"
        parametres += [str(t) for t in types]
    parametres += [*ids_enfants, *(connection.ops.adapt_datefield_value(j) for j in (debut, fin))]
    colonnes = ", ".join(
        f"r.{col[nom]}"
        for nom in ("id", "foyer", "enfant", "prestation", "date", "statut", "expire_le")
    )
    sql = (
        f"SELECT {colonnes}, p.{p_type}, p.{p_nom}{devant or ', NULL'} "  # noqa: S608
        f"FROM {r_table} r JOIN {p_table} p ON p.{p_id} = r.{col['prestation']} "
        f"WHERE r.{col['statut']} <> {annulee} AND {quelles} "
        f"AND r.{col['enfant']} IN ({', '.join(['%s'] * len(ids_enfants))}) "
        f"AND r.{col['date']} BETWEEN %s AND %s ORDER BY r.{col['date']}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, parametres)
        rangs = cursor.fetchall()
    if connection.vendor == "postgresql":
        return [Tenue._make(rang) for rang in rangs]
    # SQLite gives dates and times as text through a raw cursor.
    convertir = connection.ops.convert_datetimefield_value
    sortie = []
    for rang in rangs:
        expire = rang[6]
        if expire is not None:
            expire = convertir(expire, None, connection)
        sortie.append(Tenue._make((*rang[:4], _en_date(rang[4]), rang[5], expire, *rang[7:])))
    return sortie


def places_libres(
    plafonnees: list[Prestation],
    debut: datetime.date,
    fin: datetime.date,
    *,
    lignes=None,
    jours: dict[int, dict[datetime.date, str]] | None = None,
) -> dict[tuple[int, datetime.date], int]:
    """Free places of the capped prestations' days in [debut, fin], in ONE query: the capacity
    rows, and for the days without a row yet (bookings imported or made before the prestation
    was capped) the places held counted against the prestation's capacity. `lignes`, a set,
    gets the days that have a row. `jours` (jours_des_prestations of the same dates) narrows
    the days looked at to each prestation's own days.

    Written in SQL: the ORM took longer to build it than the database to answer. The count is
    made per (prestation, day) that has no row, on the (prestation, date) index: counting
    every booking of the range and then discarding the days that have a row read all of the
    period's bookings — 12 ms of PostgreSQL for nothing at 77,000 bookings, on every calendar,
    summary and confirmation of the opening morning, growing with the table."""
    if not plafonnees:
        return {}
    ids = [p.pk for p in plafonnees]
    q = connection.ops.quote_name
    cap, res = CapaciteJour._meta, Reservation._meta
    capacites_t = q(cap.db_table)
    c_prestation, c_date = q(cap.get_field("prestation").column), q(cap.get_field("date").column)
    r_prestation, r_date = q(res.get_field("prestation").column), q(res.get_field("date").column)
    jour_sql = connection.ops.adapt_datefield_value
    tous = [debut + datetime.timedelta(days=n) for n in range((fin - debut).days + 1)]
    paires = [
        (p, j)
        for p in ids
        for j in (tous if jours is None else sorted(jours.get(p, ())))
        if debut <= j <= fin
    ]
    sql = (
        f"SELECT c.{c_prestation}, c.{c_date}, c.{q(cap.get_field('capacite').column)}, "  # noqa: S608
        f"c.{q(cap.get_field('reservees').column)} FROM {capacites_t} c "
        f"WHERE c.{c_prestation} IN ({', '.join(['%s'] * len(ids))}) "
        f"AND c.{c_date} BETWEEN %s AND %s"
    )
    parametres = [*ids, jour_sql(debut), jour_sql(fin)]
    if paires:
        statuts = [str(s) for s in Reservation.STATUTS_PLACE]
        sql += (
            f" UNION ALL SELECT v.column1, v.column2, -1, (SELECT COUNT(*) FROM "  # noqa: S608
            f"{q(res.db_table)} r WHERE r.{r_prestation} = v.column1 AND r.{r_date} = v.column2 "
            f"AND r.{q(res.get_field('statut').column)} IN (%s, %s)) "
            f"FROM (VALUES {', '.join(['(%s, %s)'] * len(paires))}) v "
            f"WHERE NOT EXISTS (SELECT 1 FROM {capacites_t} c2 "
            f"WHERE c2.{c_prestation} = v.column1 AND c2.{c_date} = v.column2)"
        )
        parametres += [*statuts, *(x for p, j in paires for x in (p, jour_sql(j)))]
    with connection.cursor() as cursor:
        cursor.execute(sql, parametres)
        rangs = cursor.fetchall()
    capacites = {p.pk: p.capacite for p in plafonnees}
    places = {}
    for prestation_id, jour, capacite, prises in rangs:
        jour = _en_date(jour)
        if capacite < 0:  # no row yet: the prestation's capacity
            if not prises:
                continue  # nothing held: all of the prestation's places are free
            capacite = capacites[prestation_id]
        elif lignes is not None:
            lignes.add((prestation_id, jour))
        places[prestation_id, jour] = max(capacite - prises, 0)
    return places


def _en_date(valeur) -> datetime.date:
    """A date read by a raw query: SQLite gives the text of a UNION's column."""
    if isinstance(valeur, str):
        return datetime.date.fromisoformat(valeur)
    return valeur


def periodes_avec_ids(queryset) -> list[PeriodeReservation]:
    """Periods with the ids of their prestations (one query for all of them)."""
    periodes = list(queryset)
    lien = PeriodeReservation.prestations.through
    ids: dict[int, set[int]] = {p.pk: set() for p in periodes}
    for periode_id, prestation_id in lien.objects.filter(
        periodereservation_id__in=list(ids)
    ).values_list("periodereservation_id", "prestation_id"):
        ids[periode_id].add(prestation_id)
    for periode in periodes:
        periode.ids_prestations = ids[periode.pk]
    return periodes


def _delai(ctx: Contexte, prestation: Prestation, jour: datetime.date, quoi: str) -> tuple:
    # The same limit serves every child of the family: computed once per prestation and day.
    cle = (prestation.pk, quoi, jour)
    connue = ctx.limites.get(cle)
    if connue is None:
        regle = delais.regle_de(prestation, quoi)
        connue = ctx.limites[cle] = (regle, delais.limite(regle, jour))
    regle, instant = connue
    return ctx.maintenant < instant, regle, instant


def _message_delai(ctx: Contexte, quoi: str, regle, instant) -> str:
    verbe = "réserver" if quoi == "reservation" else "annuler"
    contact = f" : pour un changement tardif, contactez le service Éducation ({ctx.contact})"
    return (
        f"Date limite pour {verbe} dépassée ({regle}, soit le {moment(instant)})"
        + (
            contact
            if ctx.contact
            else " : pour un changement tardif, contactez le service Éducation"
        )
        + "."
    )


def evaluer(
    ctx: Contexte, enfant_id: int, prestation_id: int, jour: datetime.date, *, guichet=False
) -> Case | None:
    """The state of a day for a child and a prestation, None when the prestation does not run
    on that weekday (nothing to show). `guichet`: staff at the counter may pass deadlines
    (the case then says hors_delai)."""
    prestation = ctx.prestations[prestation_id]
    motif = ctx.jours.get(prestation_id, {}).get(jour)
    if motif is None:
        return None
    if motif:
        return Case(Etat.FERMEE, motif)
    reservation = ctx.reservations.get((enfant_id, prestation_id, jour))
    if reservation is not None:
        return _case_reservation(ctx, prestation, jour, reservation, guichet)
    enfant = ctx.enfants[enfant_id]
    admission = motif_admission(prestation, enfant, jour)
    if admission:
        return Case(Etat.NON_ADMIS, admission)
    verdict = ctx.verdicts[enfant_id, jour]
    if not verdict.ok:
        etat = {Cause.GARDE: Etat.AUTRE_PARENT, Cause.DOSSIER: Etat.NON_ELIGIBLE}.get(
            verdict.cause, Etat.NON_ADMIS
        )
        return Case(etat, " ".join(verdict.raisons))
    periode = ctx.periode_de(prestation_id, jour)
    if periode is None:
        return Case(Etat.NON_OUVERTE, "Ce jour n'est dans aucune période de réservation.")
    ouverture = periode.ouverture_pour(ctx.foyer.reside_commune)
    if ctx.maintenant < ouverture:
        return Case(Etat.NON_OUVERTE, f"Réservations ouvertes à partir du {moment(ouverture)}.")
    a_temps, regle, instant = _delai(ctx, prestation, jour, "reservation")
    if not a_temps and not guichet:
        return Case(Etat.DELAI_DEPASSE, _message_delai(ctx, "reservation", regle, instant))
    conflit = incompatibilite(ctx, enfant_id, prestation, jour)
    if conflit:
        return Case(Etat.INCOMPATIBLE, conflit)
    libres = ctx.libres(prestation, jour)
    if libres is not None and libres <= 0:
        return Case(
            Etat.COMPLETE,
            "Complet — liste d'attente proposée : vous serez prévenu par e-mail si une place "
            "se libère.",
            modifiable=True,
            hors_delai=not a_temps,
        )
    return Case(Etat.RESERVABLE, "", modifiable=True, hors_delai=not a_temps)


def incompatibilite(ctx: Contexte, enfant_id: int, prestation: Prestation, jour) -> str:
    """Why this Wednesday full day or half-day may not be added ("" when it may): the child
    already holds (or this confirmation adds) the other kind on the same date."""
    if prestation.type not in TYPES_EXCLUSIFS:
        return ""
    tenues = ctx.exclusives.get((enfant_id, jour), []) + ctx.ajoutees.get((enfant_id, jour), [])
    for autre_id, autre_type, autre_nom in tenues:
        if (enfant_id, autre_id, jour) in ctx.retirees or not incompatibles(
            prestation.type, autre_type
        ):
            continue
        return (
            f"{prestation.nom} : déjà inscrit ce jour à « {autre_nom} » ; une journée et une "
            "demi-journée ne se cumulent pas le même mercredi (annulez l'une pour réserver "
            "l'autre)."
        )
    return ""


def _case_reservation(ctx, prestation, jour, reservation, guichet) -> Case:
    if reservation.foyer_id != ctx.foyer.pk:
        return Case(Etat.AUTRE_PARENT, "Réservé par l'autre parent.")
    statut = reservation.statut
    if statut == Reservation.Statut.ATTENTE:
        devant = getattr(reservation, "devant", None)  # read only for the calendar
        rang = devant + 1 if devant is not None else None
        position = f" ({rang}{'re' if rang == 1 else 'e'} position)" if rang else ""
        return Case(
            Etat.ATTENTE,
            f"Sur liste d'attente{position}.",
            rang=rang,
            modifiable=True,
            reservation_id=reservation.pk,
        )
    if statut == Reservation.Statut.PROPOSEE:
        return Case(
            Etat.PROPOSEE,
            f"Une place s'est libérée : acceptez-la avant le {moment(reservation.expire_le)}."
            if reservation.expire_le
            else "Une place s'est libérée : acceptez-la.",
            modifiable=True,
            reservation_id=reservation.pk,
            expire_le=reservation.expire_le,
        )
    a_temps, regle, instant = _delai(ctx, prestation, jour, "annulation")
    if a_temps or guichet:
        return Case(
            Etat.RESERVEE,
            "",
            modifiable=True,
            reservation_id=reservation.pk,
            hors_delai=not a_temps,
        )
    return Case(
        Etat.RESERVEE,
        _message_delai(ctx, "annulation", regle, instant),
        reservation_id=reservation.pk,
    )
