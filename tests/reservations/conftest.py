"""Bookings fixtures: a structure's services, an eight-week period (6 September – 29 October
2027, zone A: the Toussaint holidays start on 23 October), a family with children, and time
pinned before the days (time_machine) so that deadlines are predictable."""

from __future__ import annotations

import pytest
import time_machine
from aides_reservations import J, paris

from famille.dossiers.models import Enfant, Garde
from famille.reservations.models import PeriodeReservation, Prestation


@pytest.fixture
def maintenant():
    """Monday 30 August 2027, 10:00 in Paris: the period is open, its days are ahead."""
    with time_machine.travel(paris("2027-08-30T10:00"), tick=False):
        yield paris("2027-08-30T10:00")


@pytest.fixture
def prestations(structure):
    def creer(code, nom, type_, jours, capacite=None, **champs):
        return Prestation.objects.create(
            structure=structure,
            code=code,
            nom=nom,
            type=type_,
            jours=jours,
            capacite=capacite,
            **champs,
        )

    return {
        "cantine": creer(
            "cantine", "Restauration scolaire", Prestation.Type.RESTAURATION, "1,2,4,5", repas=True
        ),
        "matin": creer("matin", "Accueil du matin", Prestation.Type.ACCUEIL_MATIN, "1,2,4,5"),
        "soir": creer("soir", "Accueil du soir", Prestation.Type.ACCUEIL_SOIR, "1,2,4,5"),
        "mercredi": creer(
            "mercredi", "Mercredi journée", Prestation.Type.MERCREDI, "3", capacite=2, repas=True
        ),
    }


@pytest.fixture
def periode(structure, prestations):
    periode = PeriodeReservation.objects.create(
        structure=structure,
        nom="Rentrée – Toussaint",
        debut=J("2027-09-06"),
        fin=J("2027-10-29"),
        ouverture=paris("2027-08-23T08:00"),
    )
    periode.prestations.set(prestations.values())
    return periode


@pytest.fixture
def creer_enfants():
    def creer(foyer, *prenoms, naissance="2019-03-01", regle=Garde.Regle.TOUJOURS):
        enfants = []
        for prenom in prenoms:
            enfant = Enfant.objects.create(
                nom=foyer.titulaire.last_name, prenom=prenom, date_naissance=J(naissance)
            )
            Garde.objects.create(foyer=foyer, enfant=enfant, regle=regle)
            enfants.append(enfant)
        return enfants

    return creer


@pytest.fixture
def famille(creer_famille, creer_enfants):
    foyer = creer_famille()
    foyer.enfants_crees = creer_enfants(foyer, "Léa", "Hugo")
    return foyer


@pytest.fixture
def deux_familles_avant_ouverture(parent_client, creer_famille, structure):
    """Two logged-in families before a period opens — Léo's (parent_client), Emma and Jules's
    (the second client) — and the period (test_onglet_reservations.creer_periode)."""
    from django.test import Client
    from test_onglet_reservations import ajouter_enfants, creer_periode

    ajouter_enfants(parent_client.foyer, ("Léo",))
    autre = creer_famille()
    ajouter_enfants(autre, ("Emma", "Jules"))
    seconde = Client()
    seconde.force_login(autre.titulaire)
    seconde.compte = autre.titulaire
    parent_client.compte = parent_client.foyer.titulaire
    periode = creer_periode(structure, ouverte=False, nom="Période à venir")
    return parent_client, seconde, periode
