"""The same capacity rule on SQLite, where transactions are IMMEDIATE (serialised): families
booking the last places at once from real threads, none over-booked, the others waiting."""

from __future__ import annotations

import datetime

import pytest

from famille.reservations.models import CapaciteJour, Reservation
from famille.reservations.services import operations
from famille.reservations.services.regles import Demande

pytestmark = [
    pytest.mark.sqlite,
    pytest.mark.django_db(transaction=True),
]


def test_douze_familles_pour_trois_places(structure):
    from django.utils import timezone
    from test_concurrence import _en_parallele, _famille, mercredi_ouvert

    from famille.reservations.models import PeriodeReservation, Prestation

    aujourdhui = timezone.localdate()
    jour = mercredi_ouvert(aujourdhui + datetime.timedelta(days=14))
    periode = PeriodeReservation.objects.create(
        structure=structure,
        nom="Période",
        debut=jour,
        fin=jour,
        ouverture=timezone.now() - datetime.timedelta(days=1),
    )
    mercredi = Prestation.objects.create(
        structure=structure, code="mercredi", nom="Mercredi", type="mercredi", jours="3", capacite=3
    )
    periode.prestations.add(mercredi)
    familles = [_famille(structure, n) for n in range(12)]
    resultats = _en_parallele(
        [
            (
                lambda f=f, e=e: operations.appliquer(
                    f.titulaire, f, [Demande(e[0].pk, mercredi.pk, jour)], []
                )
            )
            for f, e in familles
        ]
    )
    assert [r for r in resultats if isinstance(r, Exception)] == []
    assert [r.refusees for r in resultats if r.refusees] == []
    assert Reservation.objects.filter(statut="reservee").count() == 3
    assert Reservation.objects.filter(statut="attente").count() == 9
    assert CapaciteJour.objects.get().reservees == 3
