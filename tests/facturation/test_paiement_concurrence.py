"""Online payment under concurrency (real threads on PostgreSQL; SQLite serialises everything
and proves nothing here): the bank's notification and the parent's return page replayed
together ten times each credit exactly one payment; two families paying at once get gapless
ticket numbers; the silent bank's payment is settled by the periodic job while notifications
race it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from famille.facturation.models import LigneCompte, OperationBanqueFictive, TransactionPaiement
from famille.facturation.services import grand_livre, paiement_en_ligne
from famille.facturation.tasks import verifier_transactions_en_attente

from .paiement_outils import devoir, regie
from .test_concurrence import en_parallele

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
]


def transaction_payee_a_la_banque(foyer, structure) -> TransactionPaiement:
    transaction = paiement_en_ligne.preparer_reglement(foyer.titulaire, foyer, structure.pk, "30")
    paiement_en_ligne.envoyer_a_la_banque(
        transaction.pk, "http://testserver/retour/", "http://testserver/notif/"
    )
    transaction.refresh_from_db()
    OperationBanqueFictive.objects.filter(idop=transaction.idop).update(resultat="paye")
    return transaction


def test_notification_et_retour_rejoues_ensemble_un_seul_paiement(creer_famille, structure, arbre):
    regie(structure)
    foyer = creer_famille("F5401")
    devoir(foyer, structure, "30.00")
    transaction = transaction_payee_a_la_banque(foyer, structure)
    parents = []
    for _ in range(10):
        navigateur = Client()
        navigateur.force_login(foyer.titulaire)
        parents.append(navigateur)
    url_notification = f"/banque/notification/{transaction.pk}/"
    url_retour = f"/paiement/retour/{transaction.pk}/"
    statuts = []

    def notifier():
        statuts.append(Client().post(url_notification, {"idOp": transaction.idop}).status_code)

    def revenir(navigateur):
        statuts.append(navigateur.get(url_retour).status_code)

    en_parallele([notifier] * 10 + [lambda n=n: revenir(n) for n in parents])

    assert statuts == [200] * 20
    assert LigneCompte.objects.filter(type="paiement").count() == 1
    transaction.refresh_from_db()
    assert transaction.etat == "payee" and transaction.numero_ticket == 1
    assert grand_livre.solde(foyer.pk, structure.pk) == 0
    assert grand_livre.controler_soldes() == []


def test_tickets_sans_trou_et_tache_qui_croise_les_notifications(creer_famille, structure):
    regie(structure)
    transactions = []
    for n in range(6):
        foyer = creer_famille(f"F55{n:02d}")
        devoir(foyer, structure, "30.00")
        transactions.append(transaction_payee_a_la_banque(foyer, structure))
    # The bank never notifies the first three; the job and late notifications race.
    en_parallele(
        [verifier_transactions_en_attente, verifier_transactions_en_attente]
        + [lambda t=t: paiement_en_ligne.notification(t.pk, t.idop) for t in transactions[3:]]
    )
    assert sorted(TransactionPaiement.objects.values_list("numero_ticket", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]
    assert LigneCompte.objects.filter(type="paiement").count() == 6
    assert sum(LigneCompte.objects.filter(type="paiement").values_list("montant", flat=True)) == (
        Decimal("180.00")
    )
