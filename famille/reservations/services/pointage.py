"""Attendance (pointage): the day's list an animator marks, saving the marks, closing a day, and
the day's end states billing reads (`etats_du_jour`).

Rules:
- expected children are those booked for the prestation and day (an accepted offer is a
  booking); anyone else can only be marked « présent non prévu »;
- saving is idempotent (the same marks again change nothing) and per child: two animators saving
  the same list do not erase each other's other children; for the same child the later save wins
  and the change is logged in `JournalPresence` with its previous state;
- once the Education service closed the structure's day, any change is a correction: it needs a
  reason and is logged as such (billing turns it into an adjusting line).

What the list shows of a child: names, class, PAI yes/no and the authorisations an animator needs
(photo, leaving alone and from when, who may pick the child up), whether the family reported
an absence (not its reason) — nothing else of the health file. It is read in a fixed number of queries whatever the number of children.

Limits: an unplanned child is billed to the foyer of its first custody link (lowest id): the
animator cannot know which parent's week it is; the Education service corrects it if needed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import transaction
from django.db.models import CharField, Exists, F, FilteredRelation, OuterRef, Q, Value
from django.utils import timezone

from famille.comptes import acces
from famille.dossiers.models import Enfant, Garde

from ..models import Absence, ClotureJournee, JournalPresence, Presence, Prestation, Reservation
from . import absences
from .erreurs import ReservationError

# The five end-of-day states of the design (billing reads them; their prices live there).
RESERVE_PRESENT = "reserve_present"
ABSENT_JUSTIFIE = "absent_justifie"
ABSENT_NON_JUSTIFIE = "absent_non_justifie"
PRESENT_NON_PREVU = "present_non_prevu"
ANNULE = "annule"

SOURCE_RESERVATION = "reservation"
SOURCE_PRESENCE = "presence"

ETAT_FIN_DE_JOURNEE = {
    Presence.Etat.PRESENT: RESERVE_PRESENT,
    Presence.Etat.ABSENT: ABSENT_NON_JUSTIFIE,
    Presence.Etat.ABSENT_JUSTIFIE: ABSENT_JUSTIFIE,
    Presence.Etat.PRESENT_NON_PREVU: PRESENT_NON_PREVU,
}


@dataclass
class EnfantAttendu:
    """One line of the animator's list."""

    enfant_id: int
    prenom: str
    nom: str
    classe: str
    prevu: bool
    pai: bool
    photo: bool
    sortie_seul: bool
    heure_sortie_seul: datetime.time | None
    etat: str = ""
    recuperer: list[str] = field(default_factory=list)
    # The family reported an absence (services/absences.py); its reason is not shown here.
    absence_signalee: bool = False


class EtatJour(NamedTuple):
    """How one child's day ended for one prestation, and the row it was read from."""

    foyer_id: int
    enfant_id: int
    prestation_id: int
    jour: datetime.date
    etat: str
    source_id: int
    source_type: str
    hors_delai: bool


def peut_pointer(user, structure_id: int) -> bool:
    """Éducation points any structure; an Animation member only the structures of his account."""
    if acces.est_education(user):
        return True
    if not acces.est_animation(user):
        return False
    return user.structures.filter(pk=structure_id).exists()


def journee_cloturee(structure_id: int, jour: datetime.date) -> bool:
    return ClotureJournee.objects.filter(structure_id=structure_id, jour=jour).exists()


_CHAMPS_ENFANT = (
    "enfant_id",
    "enfant__prenom",
    "enfant__nom",
    "enfant__classe__nom",
    "enfant__fiche_sante__pai",
    "enfant__autorisation__photo_video",
    "enfant__autorisation__sortie_seul",
    "enfant__autorisation__heure_sortie_seul",
)


def _ligne(valeurs: tuple, prevu: bool) -> EnfantAttendu:
    return EnfantAttendu(
        enfant_id=valeurs[0],
        prenom=valeurs[1],
        nom=valeurs[2],
        classe=valeurs[3] or "",
        prevu=prevu,
        pai=bool(valeurs[4]),
        photo=bool(valeurs[5]),
        sortie_seul=bool(valeurs[6]),
        heure_sortie_seul=valeurs[7],
    )


def liste_du_jour(structure, ecole, prestation: Prestation, jour: datetime.date):
    """The children expected (then the unplanned ones already marked), with who may pick each
    up and whether the family reported an absence, in one query: the bookings and the marks
    joined to the contacts (one row per contact), as a UNION ALL."""
    if prestation.structure_id != structure.pk:
        raise ReservationError("Cette prestation n'appartient pas à cette structure.")
    reservations = Reservation.objects.filter(
        prestation=prestation, date=jour, statut=Reservation.Statut.RESERVEE
    ).annotate(ligne_prevue=Value(True), ligne_etat=Value("", output_field=CharField()))
    presences = Presence.objects.filter(prestation=prestation, jour=jour).annotate(
        ligne_prevue=Value(False), ligne_etat=F("etat")
    )
    if ecole is not None:
        reservations = reservations.filter(enfant__ecole=ecole)
        presences = presences.filter(enfant__ecole=ecole)
    colonnes = (*_CHAMPS_ENFANT, "recup__prenom", "recup__nom", "recup__lien")
    colonnes += ("absence_signalee", "ligne_prevue", "ligne_etat")
    # Reported by the family: a flag only (the reason is not the animator's business).
    signalee = Exists(Absence.objects.filter(jour=jour, enfant_id=OuterRef("enfant_id")))

    def avec_contacts(qs):
        return (
            qs.annotate(
                absence_signalee=signalee,
                recup=FilteredRelation(
                    "enfant__contacts", condition=Q(enfant__contacts__peut_recuperer=True)
                ),
            )
            .order_by()
            .values_list(*colonnes)
        )

    lignes: dict[int, EnfantAttendu] = {}
    contacts: dict[int, set] = {}
    marques: dict[int, str] = {}
    for valeurs in avec_contacts(reservations).union(avec_contacts(presences), all=True):
        enfant_id, prevu, etat = valeurs[0], valeurs[-2], valeurs[-1]
        ligne = lignes.get(enfant_id)
        if ligne is None or (prevu and not ligne.prevu):
            lignes[enfant_id] = _ligne(valeurs, bool(prevu))
            lignes[enfant_id].absence_signalee = bool(valeurs[-3])
        if not prevu:
            marques[enfant_id] = etat
        if valeurs[8] is not None:
            contacts.setdefault(enfant_id, set()).add((valeurs[9], valeurs[8], valeurs[10]))
    for enfant_id, ligne in lignes.items():
        ligne.etat = marques.get(enfant_id, "")
        ligne.recuperer = [
            f"{prenom} {nom} ({lien})" for nom, prenom, lien in sorted(contacts.get(enfant_id, ()))
        ]
    return sorted(lignes.values(), key=lambda e: (not e.prevu, e.nom, e.prenom))


@transaction.atomic
def enregistrer_pointage(
    acteur, prestation: Prestation, jour: datetime.date, marques: dict[int, str], motif: str = ""
) -> int:
    """Save a list's marks (child id → Presence.Etat); returns how many marks changed.

    Everything is checked before anything is saved: one wrong line refuses the whole list."""
    if not peut_pointer(acteur, prestation.structure_id):
        raise ReservationError("Vous ne pouvez pas pointer les enfants de cette structure.")
    if jour > timezone.localdate():
        raise ReservationError("On ne pointe pas un jour qui n'est pas encore arrivé.")
    motif = (motif or "").strip()
    cloturee = journee_cloturee(prestation.structure_id, jour)
    etats_valides = set(Presence.Etat.values)
    reservations = dict(
        Reservation.objects.filter(
            prestation=prestation,
            date=jour,
            statut=Reservation.Statut.RESERVEE,
            enfant_id__in=list(marques),
        ).values_list("enfant_id", "id")
    )
    foyers_reserves = dict(
        Reservation.objects.filter(pk__in=reservations.values()).values_list("id", "foyer_id")
    )
    non_prevus = [e for e in marques if e not in reservations]
    for enfant_id, etat in marques.items():
        if etat not in etats_valides:
            raise ReservationError("Choisissez un état pour chaque enfant.")
        if enfant_id in reservations and etat == Presence.Etat.PRESENT_NON_PREVU:
            raise ReservationError("Cet enfant est inscrit ce jour : marquez-le présent.")
        if enfant_id not in reservations and etat != Presence.Etat.PRESENT_NON_PREVU:
            raise ReservationError(
                "Cet enfant n'est pas inscrit ce jour : choisissez « Présent non prévu »."
            )
    foyers_non_prevus = _foyers_des_enfants(non_prevus, prestation.structure_id)
    if len(foyers_non_prevus) != len(non_prevus):
        raise ReservationError("Cet enfant n'est pas connu de cette structure.")

    existantes = {
        p.enfant_id: p
        for p in Presence.objects.select_for_update().filter(
            prestation=prestation, jour=jour, enfant_id__in=list(marques)
        )
    }
    a_changer = [
        (e, etat) for e, etat in marques.items() if getattr(existantes.get(e), "etat", None) != etat
    ]
    if a_changer and cloturee and not motif:
        raise ReservationError("Cette journée est clôturée : indiquez le motif de la correction.")
    maintenant = timezone.now()
    journal = []
    for enfant_id, etat in a_changer:
        presence = existantes.get(enfant_id)
        avant = presence.etat if presence else ""
        if presence is None:
            reservation_id = reservations.get(enfant_id)
            presence = Presence(
                enfant_id=enfant_id,
                prestation=prestation,
                jour=jour,
                reservation_id=reservation_id,
                foyer_id=foyers_reserves[reservation_id]
                if reservation_id
                else foyers_non_prevus[enfant_id],
            )
        presence.etat = etat
        presence.marque_par = acteur
        presence.marque_le = maintenant
        if cloturee:
            presence.corrige = True
            presence.motif = motif[:255]
        presence.save()
        journal.append(
            JournalPresence(
                presence=presence,
                acteur=acteur,
                avant=avant,
                apres=etat,
                correction=cloturee,
                motif=motif[:255] if cloturee else "",
            )
        )
    JournalPresence.objects.bulk_create(journal)
    return len(a_changer)


def _foyers_des_enfants(enfant_ids: list[int], structure_id: int) -> dict[int, int]:
    """child → foyer billed, for children known to the structure (first custody link)."""
    if not enfant_ids:
        return {}
    foyers: dict[int, int] = {}
    for enfant_id, foyer_id in (
        Garde.objects.filter(
            enfant_id__in=enfant_ids, foyer__titulaire__structures__id=structure_id
        )
        .order_by("pk")
        .values_list("enfant_id", "foyer_id")
    ):
        foyers.setdefault(enfant_id, foyer_id)
    return foyers


def enfants_ajoutables(structure, ecole, prestation: Prestation, jour: datetime.date):
    """Children known to the structure (of the school when one is chosen) not on the list yet:
    the choices of « Ajouter un enfant présent non prévu »."""
    deja = Reservation.objects.filter(
        prestation=prestation, date=jour, statut=Reservation.Statut.RESERVEE
    ).values("enfant_id")
    marques = Presence.objects.filter(prestation=prestation, jour=jour).values("enfant_id")
    enfants = Enfant.objects.filter(gardes__foyer__titulaire__structures=structure)
    if ecole is not None:
        enfants = enfants.filter(ecole=ecole)
    return (
        enfants.exclude(pk__in=deja)
        .exclude(pk__in=marques)
        .distinct()
        .order_by("nom", "prenom")
        .values_list("pk", "prenom", "nom")
    )


def cloturer_journee(acteur, structure, jour: datetime.date) -> ClotureJournee:
    """The Education service closes a structure's day: from now on changes are corrections."""
    if not acces.est_education(acteur):
        raise ReservationError("Seul le service Éducation clôture une journée.")
    if jour > timezone.localdate():
        raise ReservationError("On ne clôture pas un jour qui n'est pas encore arrivé.")
    cloture, _ = ClotureJournee.objects.get_or_create(
        structure=structure, jour=jour, defaults={"par": acteur}
    )
    return cloture


def etats_du_jour(
    jour: datetime.date,
    prestation_ids: list[int] | None = None,
    apres: int = 0,
    jusqua: int | None = None,
) -> list[EtatJour]:
    """How each child's day ended, for the prestations given (all when None) and the foyers
    whose id is in (apres, jusqua]. Three queries.

    A mark wins; a booking without a mark counts as present (nobody said otherwise); a booking
    cancelled in time is « annulé », cancelled past the deadline « absent non justifié ».
    An absence the parent reported (services/absences.py) changes a booked day not marked
    present: « absent justifié » once the Education service accepted its justification,
    « absent non justifié » otherwise. The source stays the booking or the mark, so that
    billing's lines keep their key when a justification is accepted later."""
    reservations = Reservation.objects.filter(
        date=jour,
        foyer_id__gt=apres,
        statut__in=(Reservation.Statut.RESERVEE, Reservation.Statut.ANNULEE),
    )
    presences = Presence.objects.filter(jour=jour, foyer_id__gt=apres)
    if jusqua is not None:
        reservations = reservations.filter(foyer_id__lte=jusqua)
        presences = presences.filter(foyer_id__lte=jusqua)
    if prestation_ids is not None:
        reservations = reservations.filter(prestation_id__in=prestation_ids)
        presences = presences.filter(prestation_id__in=prestation_ids)
    signalees = absences.absences_du_jour(jour, apres, jusqua)
    marques = {}
    for pid, foyer_id, enfant_id, prestation_id, etat in presences.values_list(
        "id", "foyer_id", "enfant_id", "prestation_id", "etat"
    ):
        marques[(enfant_id, prestation_id)] = (pid, foyer_id, etat)
    resultat = []
    for rid, foyer_id, enfant_id, prestation_id, statut, hors_delai in reservations.order_by(
        "foyer_id", "id"
    ).values_list("id", "foyer_id", "enfant_id", "prestation_id", "statut", "hors_delai"):
        marque = marques.pop((enfant_id, prestation_id), None)
        if marque is not None and statut == Reservation.Statut.RESERVEE:
            etat = _avec_absence(
                ETAT_FIN_DE_JOURNEE[marque[2]], signalees.get((foyer_id, enfant_id))
            )
            resultat.append(
                EtatJour(
                    foyer_id,
                    enfant_id,
                    prestation_id,
                    jour,
                    etat,
                    marque[0],
                    SOURCE_PRESENCE,
                    hors_delai,
                )
            )
            continue
        if marque is not None:  # cancelled, yet marked: the mark is kept below
            marques[(enfant_id, prestation_id)] = marque
            continue
        if statut == Reservation.Statut.RESERVEE:
            justificatif = signalees.get((foyer_id, enfant_id))
            etat = (
                RESERVE_PRESENT
                if justificatif is None
                else _avec_absence(ABSENT_NON_JUSTIFIE, justificatif)
            )
        else:
            etat = ABSENT_NON_JUSTIFIE if hors_delai else ANNULE
        resultat.append(
            EtatJour(
                foyer_id, enfant_id, prestation_id, jour, etat, rid, SOURCE_RESERVATION, hors_delai
            )
        )
    for (enfant_id, prestation_id), (pid, foyer_id, etat) in marques.items():
        resultat.append(
            EtatJour(
                foyer_id,
                enfant_id,
                prestation_id,
                jour,
                ETAT_FIN_DE_JOURNEE[etat],
                pid,
                SOURCE_PRESENCE,
                False,
            )
        )
    resultat.sort(key=lambda e: (e.foyer_id, e.source_type, e.source_id))
    return resultat


def _avec_absence(etat: str, justificatif: str | None) -> str:
    """The end state of a booked day once the parent's report (the justification's statut, None
    without a report) is taken into account: a child marked present was there; otherwise an
    accepted justification is « absent justifié », a refused one « absent non justifié », and
    while it waits the animator's mark stands (no mark: « absent non justifié »)."""
    if justificatif is None or etat in (RESERVE_PRESENT, PRESENT_NON_PREVU):
        return etat
    if justificatif == absences.Statut.ACCEPTEE:
        return ABSENT_JUSTIFIE
    if justificatif == absences.Statut.REFUSEE:
        return ABSENT_NON_JUSTIFIE
    return etat


def structures_a_cloturer(jour: datetime.date, prestation_ids: list[int]) -> set[int]:
    """The structures with one of these prestations booked or marked that day whose day is not
    closed yet (billing waits for them)."""
    actives = set(
        Reservation.objects.filter(date=jour, prestation_id__in=prestation_ids)
        .values_list("prestation__structure_id", flat=True)
        .distinct()
    ) | set(
        Presence.objects.filter(jour=jour, prestation_id__in=prestation_ids)
        .values_list("prestation__structure_id", flat=True)
        .distinct()
    )
    if not actives:
        return set()
    closes = set(
        ClotureJournee.objects.filter(jour=jour, structure_id__in=actives).values_list(
            "structure_id", flat=True
        )
    )
    return actives - closes
