"""Billing fixtures: a canteen with two QF brackets, a family of two children, and a helper
to book days (Reservation rows, as the bookings issue writes them)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from famille.dossiers.models import Enfant, Garde
from famille.facturation.models import Tarif
from famille.reservations.models import Prestation, Reservation

JOUR = datetime.date(2027, 3, 8)  # a Monday
APRES = datetime.datetime(2027, 3, 20, 12, tzinfo=datetime.UTC)


@pytest.fixture
def cantine(structure):
    return Prestation.objects.create(
        structure=structure, nom="Restauration scolaire", code="restauration", type="restauration"
    )


@pytest.fixture
def garderie(structure):
    return Prestation.objects.create(
        structure=structure, nom="Accueil du soir", code="soir", type="soir"
    )


@pytest.fixture
def tarifs(cantine, garderie):
    debut = datetime.date(2026, 9, 1)
    return {
        "bas": Tarif.objects.create(
            prestation=cantine, qf_min=0, qf_max=Decimal("450"), prix=Decimal("1.20"), debut=debut
        ),
        "haut": Tarif.objects.create(
            prestation=cantine,
            qf_min=Decimal("450.01"),
            prix=Decimal("3.45"),
            debut=debut,
            reduction_fratrie=Decimal("10"),
        ),
        "exterieur": Tarif.objects.create(
            prestation=cantine, qf_min=0, prix=Decimal("5.00"), debut=debut, hors_commune=True
        ),
        "soir": Tarif.objects.create(
            prestation=garderie, qf_min=0, prix=Decimal("2.10"), debut=debut
        ),
    }


def ajouter_enfant(foyer, prenom, naissance):
    enfant = Enfant.objects.create(nom="Martin", prenom=prenom, date_naissance=naissance)
    Garde.objects.create(foyer=foyer, enfant=enfant)
    return enfant


@pytest.fixture
def famille(creer_famille):
    foyer = creer_famille("F5001")
    foyer.lea = ajouter_enfant(foyer, "Léa", datetime.date(2018, 4, 2))
    foyer.tom = ajouter_enfant(foyer, "Tom", datetime.date(2020, 6, 1))
    return foyer


def reserver(foyer, enfant, prestation, jour=JOUR, statut="reservee", **champs):
    return Reservation.objects.create(
        foyer=foyer, enfant=enfant, prestation=prestation, date=jour, statut=statut, **champs
    )
