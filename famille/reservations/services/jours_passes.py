"""Staff recording a past day's booking after the fact (issue 13.1): a child was taken in on
a day already over — a booking phoned in after the deadline, a paper register — and the
Education service enters it so that billing sees it. The row is « réservée » with
`hors_delai` (made by staff past the deadline: billing adds the structure's late-booking
surcharge) and the change is written to the counter's journal with the agent and the reason.

A booking the family made in time but the portal never had (a paper form, the previous
software's history) is recorded the same way with `tardive=False`: no surcharge.

Rules: the agent holds the counter permission (`reservations.guichet_reservation`); each day
is over (before today, Paris time) and within a year; the child belongs to the account, the
prestation to one of its structures; the prestation ran that day (not closed, not a holiday)
and admitted the child; the custody rule gave the day to this foyer. Neither a booking period
nor a validated dossier is required: the day is over, the child was there. Places are not counted for a day that is over (the capacity rows serve the days to
come). A day already booked is left unchanged; the others go through, refusals with their
French reason. Bad input (another family's child, too many days) saves nothing."""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from famille.dossiers.models import Enfant, Foyer

from ..models import Prestation, Reservation
from . import operations
from .erreurs import ReservationError
from .regles import Demande, Etat, charger, evaluer, prestations_avec_regles

PERMISSION = "reservations.guichet_reservation"
PORTEE = datetime.timedelta(days=366)
MAX_JOURS = operations.MAX_DEMANDES
# What a past day may be recorded from: bookable, full (the day is over), outside any booking
# period (the period may be closed since), or a dossier not validated (the child was taken in:
# the day is billed all the same). The other parent's custody day stays refused: it would be
# billed to the wrong foyer.
ETATS_ACCEPTES = {Etat.RESERVABLE, Etat.COMPLETE, Etat.NON_OUVERTE, Etat.NON_ELIGIBLE}


def enregistrer_jours_passes(
    agent, foyer: Foyer, demandes, motif: str, *, tardive: bool = True, maintenant=None
) -> operations.Bilan:
    """Record these past days (Demande: enfant, prestation, jour) as booked by staff.
    `tardive=False`: bookings the family made in time and the portal never had (a paper form,
    the previous software's history): no surcharge, still journaled with the reason."""
    if agent is None or not agent.has_perm(PERMISSION):
        raise ReservationError("Seul le service Éducation enregistre une réservation passée.")
    motif = (motif or "").strip()
    if not motif:
        raise ReservationError("Indiquez le motif de la réservation enregistrée après coup.")
    maintenant = maintenant or timezone.now()
    aujourdhui = timezone.localtime(maintenant).date()
    demandes = sorted(set(demandes))
    if len(demandes) > MAX_JOURS:
        raise ReservationError(
            f"Trop de jours en une seule demande ({len(demandes)}, {MAX_JOURS} au plus) : rien "
            "n'a été enregistré."
        )
    for demande in demandes:
        if not isinstance(demande.jour, datetime.date) or isinstance(
            demande.jour, datetime.datetime
        ):
            raise ReservationError("Une date demandée n'est pas valable : rien n'a été enregistré.")
        if demande.jour >= aujourdhui:
            raise ReservationError(
                f"Le {demande.jour:%d/%m/%Y} n'est pas encore passé : réservez-le au guichet."
            )
        if aujourdhui - demande.jour > PORTEE:
            raise ReservationError(
                f"Le {demande.jour:%d/%m/%Y} est passé depuis plus d'un an : rien n'a été "
                "enregistré."
            )
    bilan = operations.Bilan()
    if not demandes:
        return bilan
    enfants = list(
        Enfant.objects.filter(
            gardes__foyer=foyer, pk__in={d.enfant_id for d in demandes}
        ).distinct()
    )
    if len(enfants) != len({d.enfant_id for d in demandes}):
        raise ReservationError(
            "Un enfant demandé n'est pas rattaché à ce compte famille : rien n'a été enregistré."
        )
    prestations = list(
        prestations_avec_regles(
            Prestation.objects.filter(
                pk__in={d.prestation_id for d in demandes},
                structure_id__in=foyer.titulaire.structures.values_list("pk", flat=True),
            )
        )
    )
    if len(prestations) != len({d.prestation_id for d in demandes}):
        raise ReservationError(
            "Une prestation demandée n'est pas proposée à ce compte famille : rien n'a été "
            "enregistré."
        )
    debut, fin = demandes[0].jour, max(d.jour for d in demandes)
    with transaction.atomic():
        ctx = charger(foyer, enfants, prestations, [], debut, fin, maintenant, avec_rangs=False)
        a_inserer = []
        for demande in demandes:
            case = evaluer(
                ctx, demande.enfant_id, demande.prestation_id, demande.jour, guichet=True
            )
            if case is None:
                bilan.refusees.append((demande, "La prestation n'a pas lieu ce jour-là."))
            elif case.etat == Etat.RESERVEE:
                bilan.inchangees.append(demande)
            elif case.etat in ETATS_ACCEPTES:
                a_inserer.append(demande)
            else:
                bilan.refusees.append((demande, case.motif))
        lot = uuid.uuid4()
        tard = set(a_inserer) if tardive else set()
        operations._inserer(
            foyer, a_inserer, Reservation.Statut.RESERVEE, tard, agent.pk, lot, maintenant
        )
        bilan.ajoutees = a_inserer
        bilan.hors_delai = a_inserer if tardive else []
        bilan.lot = lot
        operations._journaliser(agent, foyer, bilan, motif, lot)
    return bilan


__all__ = ["Demande", "enregistrer_jours_passes"]
