"""Absences reported by parents and their justification (issue 12, point 2).

- `signaler_absence`: a parent reports that a child will miss (or misses today) a day it is
  booked for. Refused for a past day, a day not booked, a day already reported or a closed day.
  Reason « maladie » asks for a medical certificate; « autre » needs a few words.
- `deposer_certificat`: the medical certificate, checked by the dossier's pièces check
  (`verifier_fichier`: PDF/JPEG/PNG from the content, 2 Mo) before this module sees it, and
  written to the same private storage, up to `certificat_avant`. A new file replaces the
  previous one (deleted after the commit) and reopens the review.
- `accepter` / `refuser`: the Education service's decision; a refusal needs a reason, shown
  to the family.

How the day ends is not stored here: pointage.etats_du_jour reads `absences_du_jour` — an
accepted justification makes the day « absent justifié », any other reported absence
« absent non justifié », unless an animator marked the child present."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from famille.comptes import acces
from famille.dossiers.services.pieces_verification import FichierVerifie
from famille.dossiers.services.rgpd_purge import durees

from ..models import Absence, ClotureJournee, Reservation
from .erreurs import ReservationError

Statut = Absence.Statut
Motif = Absence.Motif
DELAI_CERTIFICAT_DEFAUT = 7


def _reservations(foyer_id: int, enfant_id: int, jour: datetime.date):
    return Reservation.objects.filter(
        foyer_id=foyer_id, enfant_id=enfant_id, date=jour, statut=Reservation.Statut.RESERVEE
    )


def signaler_absence(
    acteur,
    foyer,
    enfant,
    jour: datetime.date,
    motif: str,
    precision: str = "",
    certificat: FichierVerifie | None = None,
) -> Absence:
    """The parent's report. The child and foyer come from the view's access helper."""
    precision = (precision or "").strip()
    if motif not in Motif.values:
        raise ReservationError("Choisissez le motif de l'absence : maladie ou autre raison.")
    if jour < timezone.localdate():
        raise ReservationError(
            f"Le {jour:%d/%m/%Y} est passé : une absence se signale au plus tard le jour même."
        )
    if motif == Motif.AUTRE and not precision:
        raise ReservationError("Précisez la raison de l'absence en quelques mots.")
    if motif == Motif.AUTRE and certificat is not None:
        raise ReservationError(
            "Un certificat médical ne se dépose que pour une maladie : choisissez le motif "
            "« Maladie » ou retirez le fichier."
        )
    reservations = _reservations(foyer.pk, enfant.pk, jour)
    structures = set(reservations.values_list("prestation__structure_id", flat=True))
    if not structures:
        raise ReservationError(
            f"{enfant.prenom} n'a pas de réservation le {jour:%d/%m/%Y} : il n'y a pas "
            "d'absence à signaler ce jour-là."
        )
    if ClotureJournee.objects.filter(structure_id__in=structures, jour=jour).exists():
        raise ReservationError("Cette journée est déjà clôturée : contactez le service Éducation.")
    delai = (
        reservations.aggregate(d=Max("prestation__delai_certificat"))["d"]
        or DELAI_CERTIFICAT_DEFAUT
    )
    absence = Absence(
        foyer=foyer,
        enfant=enfant,
        jour=jour,
        motif=motif,
        precision=precision[:255],
        statut=Statut.CERTIFICAT_ATTENDU if motif == Motif.MALADIE else Statut.A_VERIFIER,
        signalee_par=acteur,
        certificat_avant=jour + datetime.timedelta(days=delai),
    )
    # All or nothing: a certificate that cannot be stored leaves no absence behind.
    with transaction.atomic():
        try:
            with transaction.atomic():
                absence.save()
        except IntegrityError:
            raise ReservationError(
                f"L'absence de {enfant.prenom} le {jour:%d/%m/%Y} est déjà signalée."
            ) from None
        if certificat is not None:
            absence = deposer_certificat(acteur, absence, certificat)
    return absence


def peut_deposer(absence: Absence) -> bool:
    return (
        absence.motif == Motif.MALADIE
        and absence.statut != Statut.ACCEPTEE
        and timezone.localdate() <= absence.certificat_avant
    )


def deposer_certificat(acteur, absence: Absence, fichier: FichierVerifie) -> Absence:
    """Store the checked certificate (all or nothing: a failed save leaves no file behind)."""
    if absence.motif != Motif.MALADIE:
        raise ReservationError("Un certificat médical ne se dépose que pour une maladie.")
    stockage = absence.certificat.storage
    ecrit = ""
    try:
        with transaction.atomic():
            absence = Absence.objects.select_for_update().get(pk=absence.pk)
            if absence.statut == Statut.ACCEPTEE:
                raise ReservationError("Cette absence est déjà justifiée.")
            if timezone.localdate() > absence.certificat_avant:
                raise ReservationError(
                    "Le délai pour déposer le certificat médical est dépassé (jusqu'au "
                    f"{absence.certificat_avant:%d/%m/%Y}) : contactez le service Éducation."
                )
            ancien = absence.certificat.name
            fichier.contenu.seek(0)
            absence.certificat.save("certificat", fichier.contenu, save=False)
            ecrit = absence.certificat.name
            absence.certificat_nom = fichier.nom
            absence.certificat_type = fichier.type_mime
            absence.certificat_taille = fichier.taille
            absence.certificat_depose_le = timezone.now()
            # A new file reopens the review: staff never accept a file they did not see.
            absence.statut = Statut.A_VERIFIER
            absence.motif_refus = ""
            absence.verifiee_le = None
            absence.verifiee_par = None
            absence.save()
            if ancien:
                transaction.on_commit(lambda: stockage.delete(ancien))
    except Exception:
        if ecrit:
            stockage.delete(ecrit)
        raise
    return absence


def _decider(agent, absence: Absence) -> Absence:
    if not acces.est_education(agent) or not agent.has_perm("reservations.change_absence"):
        raise ReservationError("Seul le service Éducation décide d'un justificatif d'absence.")
    return Absence.objects.select_for_update().get(pk=absence.pk)


@transaction.atomic
def accepter(agent, absence: Absence) -> Absence:
    absence = _decider(agent, absence)
    if absence.motif == Motif.MALADIE and not absence.certificat:
        raise ReservationError(
            "Aucun certificat médical n'a été déposé : l'absence ne peut pas être justifiée."
        )
    absence.statut = Statut.ACCEPTEE
    absence.motif_refus = ""
    absence.verifiee_le = timezone.now()
    absence.verifiee_par = agent
    absence.save()
    return absence


@transaction.atomic
def refuser(agent, absence: Absence, motif: str) -> Absence:
    motif = (motif or "").strip()
    if not motif:
        raise ReservationError("Indiquez le motif du refus : la famille le verra.")
    absence = _decider(agent, absence)
    absence.statut = Statut.REFUSEE
    absence.motif_refus = motif
    absence.verifiee_le = timezone.now()
    absence.verifiee_par = agent
    absence.save()
    return absence


def absences_du_jour(
    jour: datetime.date, apres: int = 0, jusqua: int | None = None
) -> dict[tuple[int, int], str]:
    """(foyer id, child id) → the justification's statut, for the absences reported that day by
    the foyers whose id is in (apres, jusqua]; one query. The absence's foyer is the booking's
    (signaler_absence only accepts a day the foyer booked)."""
    absences = Absence.objects.filter(jour=jour, foyer_id__gt=apres)
    if jusqua is not None:
        absences = absences.filter(foyer_id__lte=jusqua)
    return {
        (foyer_id, enfant_id): statut
        for foyer_id, enfant_id, statut in absences.values_list("foyer_id", "enfant_id", "statut")
    }


def absences_du_foyer(foyer, depuis: datetime.date | None = None):
    """The foyer's reported absences, most recent first (the parent's list)."""
    depuis = depuis or timezone.localdate() - datetime.timedelta(days=90)
    return (
        Absence.objects.filter(foyer=foyer, jour__gte=depuis)
        .select_related("enfant")
        .order_by("-jour", "enfant__prenom")
    )


def purger_certificats(aujourdhui: datetime.date | None = None) -> int:
    """RGPD: a medical certificate is health data, kept as long as the dossier's health
    documents (`RETENTION["sante"]`, two years by default) after the day it justifies; then the
    file is erased and the absence keeps only its decision. Returns how many were erased."""
    aujourdhui = aujourdhui or timezone.localdate()
    limite = aujourdhui - durees()["sante"]
    stockage = Absence._meta.get_field("certificat").storage
    effaces = 0
    for absence in Absence.objects.filter(jour__lt=limite).exclude(certificat=""):
        with transaction.atomic():
            nom = absence.certificat.name
            absence.certificat = ""
            absence.save(update_fields=["certificat"])
            transaction.on_commit(lambda nom=nom: stockage.delete(nom))
        effaces += 1
    return effaces
