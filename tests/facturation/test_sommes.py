"""Sums of euros exact to the cent on both databases (services/sommes.py): SQLite adds
decimals as floating-point numbers, and these eight movements summed to 0.140000000000001 there,
a balance the nightly check reported as different from its lines."""

from __future__ import annotations

import datetime
from decimal import Decimal

from famille.facturation.models import LigneCompte
from famille.facturation.services import grand_livre
from famille.facturation.services.sommes import SommeEuros

CENTIMES = [-584, 517, -497, -425, -2, -470, 824, 651]


def test_la_somme_des_lignes_tombe_juste_au_centime(famille, cantine):
    for centimes in CENTIMES:
        grand_livre.enregistrer_operation(
            None,
            foyer_id=famille.pk,
            structure_id=cantine.structure_id,
            type_="paiement" if centimes > 0 else "remboursement",
            montant=Decimal(centimes) / 100,
            jour=datetime.date(2027, 3, 8),
            libelle="mouvement",
        )
    lignes = LigneCompte.objects.filter(foyer=famille)
    assert lignes.aggregate(t=SommeEuros("montant"))["t"] == Decimal("0.14")
    assert str(lignes.aggregate(t=SommeEuros("montant"))["t"]) == "0.14"
    assert grand_livre.solde(famille.pk) == Decimal("0.14")
    assert grand_livre.controler_soldes() == []
    assert LigneCompte.objects.filter(pk=0).aggregate(t=SommeEuros("montant"))["t"] == 0
