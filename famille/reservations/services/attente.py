"""Waiting lists: first come, first served. A place freed (a cancellation, an offer declined
or expired, a capacity increase) is offered to the first child in line in the same
transaction, unless the day's booking deadline has passed; the offer holds the place for
RESERVATIONS_DELAI_PROPOSITION hours (24 by default) or until the booking deadline, whichever
comes first; the family is e-mailed (a django-q2 task, after commit) and accepts on the portal.

Every function that moves places is called with the day's CapaciteJour row locked
(`verrouiller`), as operations.py does for bookings."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from famille.comptes.taches import mettre_en_file

from ..models import CapaciteJour, Prestation, Reservation
from . import delais
from .erreurs import ReservationError


def delai_proposition() -> datetime.timedelta:
    return datetime.timedelta(hours=getattr(settings, "RESERVATIONS_DELAI_PROPOSITION", 24))


def verrouiller(cles) -> dict[tuple[int, datetime.date], CapaciteJour]:
    """Lock the capacity rows of these (prestation id, day) pairs in sorted order, in ONE
    statement (a superset: every day asked of every prestation asked; still sorted, so two
    transactions never wait on each other in a cycle)."""
    cles = sorted(set(cles))
    if not cles:
        return {}
    # In SQL written by hand: the ORM's select_for_update took longer to build than to run, on
    # every confirmation, while other families wait for these locks. SQLite has no FOR UPDATE
    # (its transactions are IMMEDIATE, hence serialised).
    meta, q = CapaciteJour._meta, connection.ops.quote_name
    prestation, date = q(meta.get_field("prestation").column), q(meta.get_field("date").column)
    prestations = sorted({p for p, _ in cles})
    jours = sorted({connection.ops.adapt_datefield_value(j) for _, j in cles})
    pour = " FOR UPDATE" if connection.features.has_select_for_update else ""
    lignes = CapaciteJour.objects.raw(
        f"SELECT * FROM {q(meta.db_table)} WHERE {prestation} IN "  # noqa: S608
        f"({', '.join(['%s'] * len(prestations))}) AND {date} IN "
        f"({', '.join(['%s'] * len(jours))}) ORDER BY {prestation}, {date}{pour}",
        [*prestations, *jours],
    )
    voulues = set(cles)
    return {(c.prestation_id, c.date): c for c in lignes if (c.prestation_id, c.date) in voulues}


def lock_timeout() -> None:
    """On PostgreSQL, wait at most 3 s for a lock: then the caller retries (bounded)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '3s'")


def creer_lignes_manquantes(prestations: dict[int, Prestation], cles, *, sauf_lot=None) -> None:
    """The capacity row of a capped day is created on first use, counting what is already
    booked or offered that day (bookings entered before it existed, by imports) — except the
    rows of `sauf_lot`, the caller's own provisional bookings, which it counts itself."""
    cles = sorted(set(cles))
    if not cles:
        return
    existantes = set(
        CapaciteJour.objects.filter(
            prestation_id__in={p for p, _ in cles}, date__in={j for _, j in cles}
        ).values_list("prestation_id", "date")
    )
    manquantes = [c for c in cles if c not in existantes]
    if not manquantes:
        return
    comptes: dict[tuple[int, datetime.date], int] = {}
    tenues = Reservation.objects.occupant_une_place().filter(
        prestation_id__in={p for p, _ in manquantes}, date__in={j for _, j in manquantes}
    )
    if sauf_lot is not None:
        tenues = tenues.exclude(lot=sauf_lot)
    for p, j in tenues.values_list("prestation_id", "date"):
        comptes[p, j] = comptes.get((p, j), 0) + 1
    CapaciteJour.objects.bulk_create(
        [
            CapaciteJour(
                prestation_id=p,
                date=j,
                capacite=max(prestations[p].capacite or 0, comptes.get((p, j), 0)),
                reservees=comptes.get((p, j), 0),
            )
            for p, j in manquantes
        ],
        ignore_conflicts=True,
    )


def ajuster_compteurs(deltas: dict[int, int]) -> None:
    """Add each delta to its capacity row's counter, in one UPDATE statement joined to the
    list of deltas (UPDATE … FROM: PostgreSQL, SQLite ≥ 3.33): run under the day locks, it must be short —
    the ORM's CASE form cost as much to build in Python as to run."""
    deltas = {pk: d for pk, d in sorted(deltas.items()) if d}
    if not deltas:
        return
    table = connection.ops.quote_name(CapaciteJour._meta.db_table)
    valeurs = " UNION ALL ".join(
        ["SELECT CAST(%s AS integer) AS id, CAST(%s AS integer) AS delta"] * len(deltas)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET reservees = {table}.reservees + v.delta "  # noqa: S608
            f"FROM ({valeurs}) AS v WHERE {table}.id = v.id",
            [n for pk, d in deltas.items() for n in (pk, d)],
        )


def proposer(
    prestation: Prestation, jour: datetime.date, places: int, maintenant: datetime.datetime
) -> list[int]:
    """Offer up to `places` freed places of a day to the first in line; returns the ids of
    the offers. Call with the day's capacity row locked. No offer past the booking deadline."""
    if places <= 0:
        return []
    limite = delais.limite(delais.regle_de(prestation, "reservation"), jour)
    if maintenant >= limite:
        return []
    ids = list(
        Reservation.objects.file_attente(prestation.pk, jour).values_list("pk", flat=True)[:places]
    )
    if ids:
        Reservation.objects.filter(pk__in=ids).update(
            statut=Reservation.Statut.PROPOSEE,
            expire_le=min(maintenant + delai_proposition(), limite),
        )
        transaction.on_commit(lambda: _prevenir(ids))
    return ids


def _prevenir(ids: list[int]) -> None:
    # After the commit: a queue that does not answer must not undo the offer (it is logged).
    mettre_en_file("famille.reservations.tasks.envoyer_propositions", ids)


def liberer(
    prestation: Prestation, ligne: CapaciteJour, liberees: int, maintenant
) -> tuple[int, list[int]]:
    """`liberees` places of a locked day were given back: offer them; returns the counter's
    change (negative) and the offers made."""
    offres = proposer(prestation, ligne.date, liberees, maintenant)
    return len(offres) - liberees, offres


def _reservation_du_parent(acteur, reservation_id: int) -> Reservation:
    foyer = getattr(acteur, "foyer", None)
    reservation = (
        Reservation.objects.select_related("prestation")
        .filter(pk=reservation_id, foyer=foyer)
        .first()
    )
    if reservation is None:
        raise ReservationError("Cette proposition n'existe pas.")
    return reservation


@transaction.atomic
def accepter_proposition(acteur, reservation_id: int, *, maintenant=None) -> Reservation:
    """The family accepts an offered place: it becomes a booking (the place was already held)."""
    maintenant = maintenant or timezone.now()
    reservation = _reservation_du_parent(acteur, reservation_id)
    lock_timeout()
    verrouiller([(reservation.prestation_id, reservation.date)])
    reservation.refresh_from_db()
    if reservation.statut == Reservation.Statut.RESERVEE:
        return reservation  # accepted twice (two tabs): one booking
    if reservation.statut != Reservation.Statut.PROPOSEE:
        raise ReservationError("Cette place n'est plus proposée.")
    if reservation.expire_le and reservation.expire_le <= maintenant:
        raise ReservationError(
            "Le délai pour accepter cette place est passé : elle a été proposée à la famille "
            "suivante."
        )
    reservation.statut = Reservation.Statut.RESERVEE
    reservation.expire_le = None
    reservation.save(update_fields=["statut", "expire_le", "modifie_le"])
    return reservation


@transaction.atomic
def expirer_propositions(maintenant=None) -> int:
    """Offers not accepted in time drop out and pass to the next in line (the job). Returns
    how many expired."""
    maintenant = maintenant or timezone.now()
    echues = list(
        Reservation.objects.filter(
            statut=Reservation.Statut.PROPOSEE, expire_le__lte=maintenant
        ).values_list("pk", "prestation_id", "date")
    )
    if not echues:
        return 0
    lock_timeout()
    lignes = verrouiller([(p, j) for _, p, j in echues])
    prestations = Prestation.objects.in_bulk({p for _, p, _ in echues})
    # Re-read under the lock: an offer accepted meanwhile stays accepted.
    encore = list(
        Reservation.objects.filter(
            pk__in=[pk for pk, _, _ in echues],
            statut=Reservation.Statut.PROPOSEE,
            expire_le__lte=maintenant,
        ).values_list("pk", "prestation_id", "date")
    )
    Reservation.objects.filter(pk__in=[pk for pk, _, _ in encore]).update(
        statut=Reservation.Statut.ANNULEE, annulee_le=maintenant, expire_le=None
    )
    par_jour: dict[tuple[int, datetime.date], int] = {}
    for _, p, j in encore:
        par_jour[p, j] = par_jour.get((p, j), 0) + 1
    deltas = {}
    for (p, j), nombre in sorted(par_jour.items()):
        ligne = lignes.get((p, j))
        if ligne is not None:
            deltas[ligne.pk], _ = liberer(prestations[p], ligne, nombre, maintenant)
    ajuster_compteurs(deltas)
    return len(encore)


@transaction.atomic
def changer_capacite(acteur, prestation: Prestation, jour: datetime.date, capacite: int):
    """Staff change the places of one day; new places go to the waiting list at once."""
    if prestation.capacite is None:
        raise ReservationError("Cette prestation n'a pas de limite de places.")
    lock_timeout()
    creer_lignes_manquantes({prestation.pk: prestation}, [(prestation.pk, jour)])
    ligne = verrouiller([(prestation.pk, jour)])[prestation.pk, jour]
    if capacite < ligne.reservees:
        raise ReservationError(
            f"{ligne.reservees} places sont déjà prises ce jour : la capacité ne peut pas "
            "être inférieure."
        )
    ajout = capacite - ligne.capacite
    ligne.capacite = capacite
    ligne.save(update_fields=["capacite"])
    if ajout > 0:
        offres = proposer(prestation, jour, ajout, timezone.now())
        ajuster_compteurs({ligne.pk: len(offres)})
    ligne.refresh_from_db()
    return ligne


@transaction.atomic
def refuser_proposition(acteur, reservation_id: int, *, maintenant=None) -> list[int]:
    """« Je n'en ai plus besoin »: the family declines an offered place; it passes at once to
    the next in line (same rule as a cancellation). Returns the offers made. Declined twice
    (two tabs): nothing more happens."""
    maintenant = maintenant or timezone.now()
    reservation = _reservation_du_parent(acteur, reservation_id)
    lock_timeout()
    lignes = verrouiller([(reservation.prestation_id, reservation.date)])
    reservation.refresh_from_db()
    if reservation.statut == Reservation.Statut.ANNULEE:
        return []
    if reservation.statut != Reservation.Statut.PROPOSEE:
        raise ReservationError("Cette place n'est plus proposée.")
    reservation.statut = Reservation.Statut.ANNULEE
    reservation.annulee_le = maintenant
    reservation.annulee_par = acteur if getattr(acteur, "pk", None) else None
    reservation.expire_le = None
    reservation.save(
        update_fields=["statut", "annulee_le", "annulee_par", "expire_le", "modifie_le"]
    )
    ligne = lignes.get((reservation.prestation_id, reservation.date))
    if ligne is None:
        return []
    delta, offres = liberer(reservation.prestation, ligne, 1, maintenant)
    ajuster_compteurs({ligne.pk: delta})
    return offres


@transaction.atomic
def suivre_capacite_prestation(
    prestation: Prestation, ancienne: int | None, *, maintenant=None
) -> list[int]:
    """The prestation's own capacity was changed (admin): the days to come that followed it (a
    capacity row still at the old value) follow the new one, never below the places taken;
    places added are offered to the waiting list at once. Days given their own capacity keep
    it. No limit any more: every child in line is offered a place. Returns the offers made.
    Call after saving the prestation, in the same transaction."""
    nouvelle = prestation.capacite
    if ancienne is None or nouvelle == ancienne:
        return []  # an uncapped prestation had no capacity rows and no waiting list
    maintenant = maintenant or timezone.now()
    lock_timeout()
    cles = CapaciteJour.objects.filter(
        prestation=prestation, capacite=ancienne, date__gte=timezone.localdate(maintenant)
    ).values_list("prestation_id", "date")
    lignes = verrouiller(list(cles))
    offres: list[int] = []
    deltas: dict[int, int] = {}
    for (_, jour), ligne in sorted(lignes.items()):
        if ligne.capacite != ancienne:
            continue  # changed for that day meanwhile: it has its own capacity now
        if nouvelle is None:
            cible = ligne.reservees + Reservation.objects.file_attente(prestation.pk, jour).count()
        else:
            cible = max(nouvelle, ligne.reservees)
        ajout = cible - ligne.capacite
        ligne.capacite = cible
        ligne.save(update_fields=["capacite"])
        if ajout > 0:
            du_jour = proposer(prestation, jour, ajout, maintenant)
            deltas[ligne.pk] = len(du_jour)
            offres += du_jour
    ajuster_compteurs(deltas)
    return offres
