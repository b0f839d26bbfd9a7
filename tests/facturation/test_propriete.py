"""Property (hypothesis): whatever the order of bookings, cancellations, corrections after a
day was billed, payments and refunds (at the counter, and online with the stand-in bank, its
notification replayed), the balance equals the sum of its lines, the active lines bill exactly
what is booked at the end, each online payment is credited once, and rerunning the job changes
nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from famille.facturation.models import LigneCompte, OperationBanqueFictive, Tarif
from famille.facturation.services import consommations, grand_livre, paiement_en_ligne
from famille.reservations.models import Reservation

from .conftest import APRES
from .paiement_outils import regie

JOURS = [datetime.date(2027, 3, d) for d in (8, 9, 11)]
PRIX = Decimal("3.45")

actions = st.lists(
    st.one_of(
        st.tuples(st.just("reserver"), st.integers(0, 1), st.integers(0, 2)),
        st.tuples(st.just("annuler"), st.integers(0, 1), st.integers(0, 2)),
        st.tuples(st.just("facturer"), st.just(0), st.integers(0, 2)),
        st.tuples(st.just("payer"), st.integers(1, 900), st.just(0)),
        st.tuples(st.just("rembourser"), st.integers(1, 300), st.just(0)),
        st.tuples(st.just("payer_en_ligne"), st.integers(100, 900), st.sampled_from([0, 1])),
    ),
    max_size=25,
)


def payer_en_ligne(foyer, structure_id, voulu: Decimal, rejouer: bool) -> Decimal:
    """A card payment through the stand-in bank, at most the amount due (nothing under 1 €),
    its notification replayed or not: what it credits."""
    du = paiement_en_ligne.montant_du(foyer.pk, structure_id)
    if du < 1:
        return Decimal("0")
    foyer.horloge.shift(datetime.timedelta(minutes=21))  # PayFiP's 20 minutes per reference
    montant = min(du, voulu)
    essai = paiement_en_ligne.preparer_reglement(foyer.titulaire, foyer, structure_id, montant)
    paiement_en_ligne.envoyer_a_la_banque(essai.pk, "http://t/retour/", "http://t/notif/")
    essai.refresh_from_db()
    OperationBanqueFictive.objects.filter(idop=essai.idop).update(resultat="paye")
    for _ in range(2 if rejouer else 1):
        paiement_en_ligne.notification(essai.pk, essai.idop)
    essai.refresh_from_db()
    assert essai.etat == "payee" and essai.ligne.montant == montant
    assert sum(a.montant for a in essai.ligne.allocations_donnees.all()) <= montant
    return montant


class Annuler(Exception):
    """Rolls an example back so that the next one starts from the same database."""


@pytest.fixture
def donnees(famille, cantine, time_machine):
    time_machine.move_to(APRES)
    Tarif.objects.create(prestation=cantine, qf_min=0, prix=PRIX, debut=datetime.date(2026, 9, 1))
    regie(cantine.structure)
    famille.horloge = time_machine
    return famille, cantine


def executer(foyer, cantine, suite):
    enfants = [foyer.lea, foyer.tom]
    structure_id = cantine.structure_id
    mouvements = Decimal("0")
    for action, a, b in suite:
        if action == "reserver":
            if not Reservation.objects.filter(
                enfant=enfants[a], date=JOURS[b], statut="reservee"
            ).exists():
                Reservation.objects.create(
                    foyer=foyer, enfant=enfants[a], prestation=cantine, date=JOURS[b]
                )
        elif action == "annuler":
            for r in Reservation.objects.filter(
                enfant=enfants[a], date=JOURS[b], statut="reservee"
            ):
                r.statut = "annulee"
                r.save()
        elif action == "facturer":
            consommations.facturer_jour(JOURS[b])
        elif action == "payer_en_ligne":
            mouvements += payer_en_ligne(foyer, structure_id, Decimal(a) / 100, rejouer=b == 1)
        else:
            montant = Decimal(a) / 100 * (1 if action == "payer" else -1)
            grand_livre.enregistrer_operation(
                None,
                foyer_id=foyer.pk,
                structure_id=structure_id,
                type_="paiement" if action == "payer" else "remboursement",
                montant=montant,
                jour=JOURS[0],
                libelle=action,
            )
            mouvements += montant
    return mouvements


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(suite=actions)
def test_solde_egal_somme_des_lignes_et_traitement_idempotent(donnees, suite):
    foyer, cantine = donnees
    # Sibling reduction off: 3,45 € per booked child-day whoever is booked.
    try:
        with transaction.atomic():
            mouvements = executer(foyer, cantine, suite)
            for jour in JOURS:
                consommations.facturer_jour(jour)
            assert grand_livre.controler_soldes() == []
            lignes = LigneCompte.objects.filter(foyer=foyer)
            total = sum((ligne.montant for ligne in lignes), Decimal("0"))
            assert grand_livre.solde(foyer.pk) == total
            reservees = Reservation.objects.filter(foyer=foyer, statut="reservee").count()
            assert total == mouvements - PRIX * reservees
            avant = lignes.count()
            for jour in JOURS:
                consommations.facturer_jour(jour)
            assert lignes.count() == avant
            assert grand_livre.solde(foyer.pk) == total
            raise Annuler
    except Annuler:
        pass
