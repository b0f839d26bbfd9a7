"""The retention purge: documents and health data are deleted once their retention period is
over. Run daily by django-q2 (`python manage.py purger_donnees --installer` creates the schedule
once; running it again changes nothing), or by hand with `python manage.py purger_donnees`.

Retention, per category, in days, from settings.RETENTION (defaults below):

- "pieces": pièces justificatives and their files (private storage and rows);
- "sante": the fiche santé, health documents (PAI certificate and photo, carnet de santé pages)
  and the health entries of the fiche history, which hold health values.

The period runs from a child's reference date: the later of their last booking (not cancelled)
and the end of the last school year a dossier of their foyer was opened for — so a child whose
family renewed the dossier but has not booked yet keeps their data. A child with neither has no
reference date and nothing of theirs is deleted. Pièces of the foyer itself (justificatif de
domicile, assurance, avis d'imposition, jugement) run from the foyer's reference date: the
latest of its children's and of its own dossiers.

The log (logger "famille.dossiers.purge") holds counts only, never who.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from ..models import DossierAnnuel, Enfant, FicheSante, Fichier, Garde, Modification
from ..models import PieceJustificative as Piece

logger = logging.getLogger("famille.dossiers.purge")

RETENTION_PAR_DEFAUT = {"pieces": 730, "sante": 730}  # two years, in days
TYPES_SANTE = {Piece.Type.PAI_CERTIFICAT, Piece.Type.PAI_PHOTO, Piece.Type.CARNET_SANTE}
TACHE = "famille.dossiers.services.rgpd_purge.purger"
NOM_PLANIFICATION = "Purge RGPD quotidienne"


def durees() -> dict[str, datetime.timedelta]:
    reglages = RETENTION_PAR_DEFAUT | dict(getattr(settings, "RETENTION", {}) or {})
    return {categorie: datetime.timedelta(days=int(j)) for categorie, j in reglages.items()}


def _plus_tard(*dates: datetime.date | None) -> datetime.date | None:
    connues = [d for d in dates if d is not None]
    return max(connues) if connues else None


def references_des_enfants() -> dict[int, datetime.date]:
    # Reservations are reached through the reverse relation: the domain does not import them.
    reservations = dict(
        Enfant.objects.annotate(
            derniere=Max("reservations__date", filter=~Q(reservations__statut="annulee"))
        )
        .filter(derniere__isnull=False)
        .values_list("pk", "derniere")
    )
    dossiers = dict(
        Enfant.objects.annotate(fin=Max("gardes__foyer__dossiers__campagne__fin_annee"))
        .filter(fin__isnull=False)
        .values_list("pk", "fin")
    )
    return {
        pk: _plus_tard(reservations.get(pk), dossiers.get(pk))
        for pk in reservations.keys() | dossiers.keys()
    }


def references_des_foyers(enfants: dict[int, datetime.date]) -> dict[int, datetime.date]:
    references: dict[int, datetime.date] = dict(
        DossierAnnuel.objects.values("foyer_id")
        .annotate(fin=Max("campagne__fin_annee"))
        .values_list("foyer_id", "fin")
    )
    for foyer_id, enfant_id in Garde.objects.values_list("foyer_id", "enfant_id"):
        references[foyer_id] = _plus_tard(references.get(foyer_id), enfants.get(enfant_id))
    return references


@dataclass
class Selection:
    pieces: QuerySet
    fichiers: QuerySet
    fiches_sante: QuerySet
    historique_sante: QuerySet

    def comptes(self) -> dict[str, int]:
        return {
            "fichiers": self.fichiers.count(),
            "pieces": self.pieces.count(),
            "fiches_sante": self.fiches_sante.count(),
            "historique_sante": self.historique_sante.count(),
        }


def selection(aujourdhui: datetime.date) -> Selection:
    """What is past its retention period on that day."""
    duree = durees()
    enfants = references_des_enfants()
    foyers = references_des_foyers(enfants)

    def expires(references: dict[int, datetime.date], categorie: str) -> list[int]:
        return [pk for pk, ref in references.items() if ref and ref + duree[categorie] < aujourdhui]

    sante = Q(type__in=TYPES_SANTE)
    pieces = Piece.objects.filter(
        (sante & Q(enfant_id__in=expires(enfants, "sante")))
        | (sante & Q(enfant__isnull=True, dossier__foyer_id__in=expires(foyers, "sante")))
        | (~sante & Q(enfant_id__in=expires(enfants, "pieces")))
        | (~sante & Q(enfant__isnull=True, dossier__foyer_id__in=expires(foyers, "pieces")))
    )
    enfants_sante = expires(enfants, "sante")
    return Selection(
        pieces=pieces,
        fichiers=Fichier.objects.filter(piece__in=pieces),
        fiches_sante=FicheSante.objects.filter(enfant_id__in=enfants_sante),
        historique_sante=Modification.objects.filter(enfant_id__in=enfants_sante, sante=True),
    )


def purger(simulation: bool = False) -> dict[str, int]:
    """Delete what is past its retention period today; return the counts (also logged)."""
    choisi = selection(timezone.localdate())
    comptes = choisi.comptes()
    if simulation:
        return comptes
    with transaction.atomic():
        stockes = [(f.fichier.storage, f.fichier.name) for f in choisi.fichiers if f.fichier]
        choisi.fichiers.delete()
        choisi.pieces.delete()
        choisi.fiches_sante.delete()
        choisi.historique_sante.delete()
    # Files go once the rows are gone for good: a failed transaction leaves no row without file.
    manquants = 0
    for stockage, nom in stockes:
        try:
            stockage.delete(nom)
        except OSError:
            manquants += 1
    comptes["fichiers_non_effaces"] = manquants
    # « Mes données » documents prepared for a parent more than a week ago (rgpd_export.py).
    from .rgpd_export import supprimer_anciens

    comptes["mes_donnees"] = supprimer_anciens()
    logger.info(
        "Purge RGPD : %(fichiers)d fichier(s), %(pieces)d pièce(s), %(fiches_sante)d fiche(s) "
        "santé, %(historique_sante)d entrée(s) d'historique santé supprimés ; "
        "%(fichiers_non_effaces)d fichier(s) non effacé(s) du stockage.",
        comptes,
    )
    return comptes


def installer_planification():
    """The daily django-q2 schedule, created once (idempotent), at 3 a.m. Paris time."""
    from django_q.models import Schedule

    demain = timezone.localdate() + datetime.timedelta(days=1)
    trois_heures = timezone.make_aware(datetime.datetime.combine(demain, datetime.time(3, 0)))
    planification, cree = Schedule.objects.get_or_create(
        name=NOM_PLANIFICATION,
        defaults={
            "func": TACHE,
            "schedule_type": Schedule.DAILY,
            "repeats": -1,
            "next_run": trois_heures,
        },
    )
    if not cree and (planification.func, planification.schedule_type) != (TACHE, Schedule.DAILY):
        planification.func, planification.schedule_type = TACHE, Schedule.DAILY
        planification.save(update_fields=["func", "schedule_type"])
    return planification, cree
