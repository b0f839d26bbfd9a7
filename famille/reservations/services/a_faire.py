"""What the parent still has to do about bookings, for the « Ce qu'il vous reste à faire » box
of Accueil: a place offered from a waiting list (to accept before it passes on), a period open
now with nothing booked yet, a period opening soon. Returns data and routes of the Réservations
tab (`ReservationsPage.url_de(route, *args)` makes the link), never URLs. Reads only, in a
fixed number of queries (three)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from ..models import PeriodeReservation, Reservation
from .regles import date_longue, moment

# A period opening within this delay is announced (with its date), further ones are not yet.
ANNONCE_OUVERTURE = datetime.timedelta(days=14)


@dataclass(frozen=True)
class AFaire:
    texte: str
    route: str  # a route of the Réservations tab: "accueil", "periode"
    args: tuple = ()
    urgent: bool = False  # an offered place expires


def reservations_a_faire(compte, maintenant: datetime.datetime | None = None) -> list[AFaire]:
    foyer = getattr(compte, "foyer", None)
    if foyer is None:
        return []
    maintenant = maintenant or timezone.now()
    aujourdhui = timezone.localdate(maintenant)
    a_faire: list[AFaire] = []
    for offre in (
        Reservation.objects.filter(foyer=foyer, statut=Reservation.Statut.PROPOSEE)
        .select_related("enfant", "prestation")
        .order_by("date")
    ):
        limite = f" avant le {moment(offre.expire_le)}" if offre.expire_le else ""
        a_faire.append(
            AFaire(
                f"Une place s'est libérée pour {offre.enfant.prenom} ({offre.prestation.nom}, "
                f"{date_longue(offre.date)}) : acceptez-la{limite}.",
                "accueil",
                urgent=True,
            )
        )
    periodes = list(
        PeriodeReservation.objects.filter(
            structure__in=compte.structures.all(), fin__gte=aujourdhui
        ).order_by("debut", "pk")
    )
    reservees = set(
        Reservation.objects.actives()
        .filter(foyer=foyer, date__gte=aujourdhui)
        .values_list("date", flat=True)
        .distinct()
    )
    for periode in periodes:
        ouverture = periode.ouverture_pour(foyer.reside_commune)
        du_au = f"du {date_longue(periode.debut)} au {date_longue(periode.fin)}"
        if ouverture <= maintenant:
            if not any(periode.debut <= jour <= periode.fin for jour in reservees):
                a_faire.append(
                    AFaire(
                        f"Les réservations de la période « {periode.nom} » ({du_au}) sont "
                        "ouvertes : vous n'avez encore rien réservé.",
                        "periode",
                        (periode.pk,),
                    )
                )
        elif ouverture - maintenant <= ANNONCE_OUVERTURE:
            a_faire.append(
                AFaire(
                    f"Les réservations de la période « {periode.nom} » ({du_au}) ouvrent le "
                    f"{moment(ouverture)}.",
                    "periode",
                    (periode.pk,),
                )
            )
    return a_faire


def rubrique_reservations(compte, foyer, structure):
    """The « Réservations à faire » heading of the Accueil's box (registered by the app's
    ready(): the dossiers app never imports the bookings)."""
    from famille.dossiers.services.reste_a_faire import Rubrique, Tache

    taches = [
        Tache(a.texte, a.route, a.args, "Urgent" if a.urgent else "", onglet="reservations")
        for a in reservations_a_faire(compte)
    ]
    if not taches:
        return None
    return Rubrique(cle="reservations", titre="Réservations", taches=taches)
