"""The state of one (child, prestation, day) for a family, decided in ONE place for the
calendar (grille.py), the booking operations (operations.py) and the admin counter alike.

`charger` reads everything a screen or an operation needs for many children and days in a
fixed number of queries; `evaluer` then decides each case in Python, in this order: closed day,
an existing booking (the family's own, or the other parent's), child not admitted, the other
parent's custody day, dossier not validated, period not open yet, deadline passed, full
(waiting list offered), bookable. Nothing here writes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format

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


def date_longue(jour: datetime.date) -> str:
    return date_format(jour, "l j F Y")


def moment(instant: datetime.datetime) -> str:
    local = timezone.localtime(instant)
    heure = f"{local.hour} h" + (f" {local.minute:02d}" if local.minute else "")
    return f"{date_longue(local.date())} à {heure}"


def age_le(enfant: Enfant, jour: datetime.date) -> int:
    naissance = enfant.date_naissance
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))


def motif_admission(prestation: Prestation, enfant: Enfant, jour: datetime.date) -> str:
    """Why this child may not have this prestation ("" when admitted). Needs the prestation's
    ecoles and classes prefetched."""
    ecoles = list(prestation.ecoles.all())
    if ecoles and enfant.ecole_id not in {e.pk for e in ecoles}:
        noms = ", ".join(e.nom for e in ecoles)
        return f"{prestation.nom} : réservé aux élèves de {noms}."
    classes = list(prestation.classes.all())
    if classes and enfant.classe_id not in {c.pk for c in classes}:
        noms = ", ".join(c.nom for c in classes)
        return f"{prestation.nom} : réservé aux classes {noms}."
    age = age_le(enfant, jour)
    if prestation.age_min is not None and age < prestation.age_min:
        return f"{prestation.nom} : à partir de {prestation.age_min} ans."
    if prestation.age_max is not None and age > prestation.age_max:
        return f"{prestation.nom} : jusqu'à {prestation.age_max} ans."
    return ""


def prestations_avec_regles(queryset=None):
    """Prestations with what `evaluer` reads (schools, classes, structure) in three queries."""
    queryset = queryset if queryset is not None else Prestation.objects.all()
    return queryset.select_related("structure").prefetch_related("ecoles", "classes")


@dataclass
class Contexte:
    foyer: Foyer
    maintenant: datetime.datetime
    enfants: dict[int, Enfant]
    prestations: dict[int, Prestation]
    periodes: list[PeriodeReservation]
    jours: dict[int, dict[datetime.date, str]]  # prestation -> day -> closing reason
    verdicts: dict[tuple[int, datetime.date], Verdict]
    reservations: dict[tuple[int, int, datetime.date], Reservation]
    capacites: dict[tuple[int, datetime.date], CapaciteJour] = field(default_factory=dict)

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
        """Free places that day, None when the prestation is not capped. A day nobody has
        booked yet has no row: all its places are free."""
        if prestation.capacite is None:
            return None
        ligne = self.capacites.get((prestation.pk, jour))
        return ligne.libres if ligne is not None else prestation.capacite


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
) -> Contexte:
    """Read what `evaluer` needs, in a fixed number of queries (about ten), whatever the
    number of children, prestations and days. `prestations` come from
    prestations_avec_regles(); each period needs `ids_prestations` (see periodes_avec_ids)."""
    maintenant = maintenant or timezone.now()
    ids_enfants = [e.pk for e in enfants]
    ids_prestations = [p.pk for p in prestations]
    jours_possibles = [debut + datetime.timedelta(days=n) for n in range((fin - debut).days + 1)]
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
    # The rank on a waiting list: those who arrived before, plus one.
    devant = (
        Reservation.objects.filter(
            prestation_id=OuterRef("prestation_id"),
            date=OuterRef("date"),
            statut=Reservation.Statut.ATTENTE,
        )
        .filter(
            Q(arrivee__lt=OuterRef("arrivee"))
            | Q(arrivee=OuterRef("arrivee"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("prestation_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    lignes = Reservation.objects.actives().filter(
        enfant_id__in=ids_enfants, prestation_id__in=ids_prestations, date__range=(debut, fin)
    )
    if avec_rangs:  # the calendar shows ranks; an operation does not need them
        lignes = lignes.annotate(devant=Coalesce(Subquery(devant), 0))
    reservations = {(r.enfant_id, r.prestation_id, r.date): r for r in lignes}
    plafonnees = [p.pk for p in prestations if p.capacite is not None]
    capacites = {
        (c.prestation_id, c.date): c
        for c in CapaciteJour.objects.filter(prestation_id__in=plafonnees, date__range=(debut, fin))
    }
    return Contexte(
        foyer=foyer,
        maintenant=maintenant,
        enfants={e.pk: e for e in enfants},
        prestations={p.pk: p for p in prestations},
        periodes=periodes,
        jours=jours,
        verdicts=verdicts(foyer.titulaire, ids_enfants, jours_possibles),
        reservations=reservations,
        capacites=capacites,
    )


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
    regle = delais.regle_de(prestation, quoi)
    instant = delais.limite(regle, jour)
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
