"""Demo data of bookings: the memo's services, closures and an open booking period."""

from __future__ import annotations

import datetime

import holidays
from django.utils import timezone

from famille.comptes.models import Structure

from .models import Fermeture, PeriodeReservation, Prestation

PRESTATIONS = [
    # structure, code, nom, type, jours
    (
        "periscolaire",
        "restauration",
        "Restauration scolaire",
        Prestation.Type.RESTAURATION,
        "1,2,4,5",
    ),
    ("periscolaire", "matin", "Accueil du matin", Prestation.Type.ACCUEIL_MATIN, "1,2,4,5"),
    ("periscolaire", "soir", "Accueil du soir", Prestation.Type.ACCUEIL_SOIR, "1,2,4,5"),
    ("centre-loisirs", "mercredi", "Centre de loisirs du mercredi", Prestation.Type.MERCREDI, "3"),
]


def charger(structures: dict[str, Structure]) -> None:
    for ordre, (structure, code, nom, type_, jours) in enumerate(PRESTATIONS):
        Prestation.objects.update_or_create(
            structure=structures[structure],
            code=code,
            defaults={
                "nom": nom,
                "type": type_,
                "jours": jours,
                "ordre": ordre,
                "capacite": 150 if code != "mercredi" else 60,
            },
        )
    aujourdhui = timezone.localdate()
    # An open period around today: from last Monday for eight weeks, open since a week ago.
    lundi = aujourdhui - datetime.timedelta(days=aujourdhui.weekday())
    for structure in structures.values():
        # Dates follow today (update_or_create), at fixed hours so that a second run changes nothing.
        ouverture = datetime.datetime.combine(lundi - datetime.timedelta(days=7), datetime.time(8))
        periode, _ = PeriodeReservation.objects.update_or_create(
            structure=structure,
            nom="Période en cours",
            defaults={
                "debut": lundi,
                "fin": lundi + datetime.timedelta(weeks=8, days=-3),
                "ouverture": timezone.make_aware(ouverture),
            },
        )
        periode.prestations.set(structure.prestations.all())
        ascension = jour_ferie("Ascension", aujourdhui.year + 1)
        Fermeture.objects.get_or_create(
            structure=structure,
            motif="Pont de l'Ascension",
            defaults={"debut": ascension, "fin": ascension + datetime.timedelta(days=1)},
        )


def jour_ferie(nom: str, annee: int) -> datetime.date:
    return next(jour for jour, libelle in holidays.France(years=annee).items() if nom in libelle)
