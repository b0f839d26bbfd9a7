"""Balances and statement numbers stay exact when several writers hit the same account at once
(real threads on PostgreSQL: SQLite serialises transactions and proves nothing here)."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection

from famille.facturation.models import Facture, LigneCompte, Solde
from famille.facturation.services import consommations, factures, grand_livre

from .conftest import APRES, JOUR, ajouter_enfant, reserver

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def en_parallele(fonctions):
    erreurs = []
    depart = threading.Barrier(len(fonctions))

    def lancer(fonction):
        try:
            depart.wait()
            fonction()
        except Exception as exc:  # noqa: BLE001 - reported below
            erreurs.append(exc)
        finally:
            connection.close()

    fils = [threading.Thread(target=lancer, args=(f,)) for f in fonctions]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    assert erreurs == []


def test_paiements_et_traitement_en_meme_temps_solde_exact(
    creer_famille, tarifs, cantine, time_machine, monkeypatch
):
    time_machine.move_to(APRES)
    monkeypatch.setattr(grand_livre, "SEUIL_COPIE", 1)  # the COPY path of big days, here too
    foyers = []
    for n in range(8):
        foyer = creer_famille(f"F52{n:02d}")
        reserver(foyer, ajouter_enfant(foyer, f"E{n}", datetime.date(2019, 1, 1)), cantine)
        foyers.append(foyer)
    cible = foyers[0]

    def payer():
        for _ in range(5):
            grand_livre.enregistrer_operation(
                None,
                foyer_id=cible.pk,
                structure_id=cantine.structure_id,
                type_="paiement",
                montant=Decimal("1.10"),
                jour=JOUR,
                libelle="Paiement",
            )

    def facturer():
        consommations.facturer_jour(JOUR, taille=2)

    en_parallele([payer, payer, payer, facturer, facturer])

    assert grand_livre.controler_soldes() == []
    assert LigneCompte.objects.filter(type="consommation").count() == 8  # idempotent under race
    assert Solde.objects.get(foyer=cible).montant == Decimal("16.50") - Decimal("3.45")


def test_numeros_de_facture_sans_trou_en_concurrence(creer_famille, tarifs, cantine, time_machine):
    time_machine.move_to(APRES)
    foyers = []
    for n in range(6):
        foyer = creer_famille(f"F53{n:02d}")
        reserver(foyer, ajouter_enfant(foyer, f"E{n}", datetime.date(2019, 1, 1)), cantine)
        foyers.append(foyer)
    consommations.facturer_jour(JOUR)
    mois = JOUR.replace(day=1)
    en_parallele([lambda f=f: factures.emettre(f.pk, cantine.structure_id, mois) for f in foyers])
    assert sorted(Facture.objects.values_list("numero", flat=True)) == [1, 2, 3, 4, 5, 6]
