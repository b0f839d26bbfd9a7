"""PayFiP's `payfip_ws` exercised offline: recorded SOAP answers written for this project
(paid, refused, abandoned, P5 pending then expired, unknown idOp, a refused creation, a
timeout) through `responses` — no network. The parent goes through the Paiement tab; the
return page and the notification ask PayFiP, never the posted body."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import requests
import responses
import time_machine

from famille.facturation.models import LigneCompte, RegiePaiement, TransactionPaiement
from famille.facturation.services import grand_livre
from famille.facturation.tasks import verifier_transactions_en_attente

from .paiement_outils import PayFiPHorsLigne, devoir, regie

Etat = TransactionPaiement.Etat
IDOP = "cc0cb210-1cd4-11ea-8cca-0213ad91a103"


@pytest.fixture
def parent(parent_client, structure):
    regie(structure, RegiePaiement.Banque.PAYFIP)
    devoir(parent_client.foyer, structure, "42.50")
    return parent_client


@pytest.fixture
def soap():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def payer(parent, montant="42,50"):
    reponse = parent.post("/paiement/", {"montant": montant})
    return reponse, TransactionPaiement.objects.order_by("-pk").first()


def test_payee_redirige_vers_payfip_puis_credite_au_retour(parent, soap, structure, mailoutbox):
    banque = PayFiPHorsLigne(soap, details=["P"])
    reponse, transaction = payer(parent)
    assert reponse.status_code == 302
    assert reponse["Location"] == f"https://www.payfip.gouv.fr/tpa/paiementws.web?idop={IDOP}"
    assert banque.montant == "4250"  # cents, quantised before the call
    assert banque.mel == parent.foyer.titulaire.liste_emails[0]
    assert transaction.idop == IDOP and transaction.etat == Etat.EN_COURS
    html = parent.get(f"/paiement/retour/{transaction.pk}/").content.decode()
    assert "Paiement accepté" in html
    transaction.refresh_from_db()
    assert transaction.etat == Etat.PAYEE and transaction.ligne.montant == Decimal("42.50")
    assert transaction.donnees_banque["numauto"] == "112233"
    assert "mel" not in transaction.donnees_banque
    assert grand_livre.solde(parent.foyer.pk, structure.pk) == 0


@pytest.mark.parametrize(
    ("code", "etat", "texte"),
    [("R", Etat.REFUSEE, "Paiement refusé"), ("A", Etat.ABANDONNEE, "Paiement abandonné")],
)
def test_refusee_ou_abandonnee_rien_credite(parent, soap, structure, code, etat, texte):
    PayFiPHorsLigne(soap, details=[code])
    _, transaction = payer(parent)
    assert texte in parent.get(f"/paiement/retour/{transaction.pk}/").content.decode()
    transaction.refresh_from_db()
    assert transaction.etat == etat and transaction.ligne is None
    assert grand_livre.solde(parent.foyer.pk, structure.pk) == Decimal("-42.50")


def test_p5_en_cours_puis_expiree_par_la_tache(parent, soap, structure):
    banque = PayFiPHorsLigne(soap, details=["P5"])
    _, transaction = payer(parent)
    assert "Paiement en cours" in parent.get(f"/paiement/retour/{transaction.pk}/").content.decode()
    verifier_transactions_en_attente()
    transaction.refresh_from_db()
    assert transaction.etat == Etat.EN_COURS
    # After PayFiP's two hours, the next day's check: P5 still, now read as expired.
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)):
        assert verifier_transactions_en_attente() == 1
    transaction.refresh_from_db()
    assert transaction.etat == Etat.EXPIREE and transaction.ligne is None
    assert banque.appels.count("detail") == 3


def test_idop_inconnu_p1_expiree(parent, soap):
    PayFiPHorsLigne(soap, details=["P1"])
    _, transaction = payer(parent)
    parent.get(f"/paiement/retour/{transaction.pk}/")
    transaction.refresh_from_db()
    assert transaction.etat == Etat.EXPIREE


def test_statut_en_delai_depasse_rien_credite_puis_reessaye(parent, soap, structure):
    banque = PayFiPHorsLigne(soap, details=[requests.exceptions.ConnectTimeout("délai"), "P"])
    _, transaction = payer(parent)
    html = parent.get(f"/paiement/retour/{transaction.pk}/").content.decode()
    assert "Paiement en cours" in html
    transaction.refresh_from_db()
    assert transaction.etat == Etat.EN_COURS and transaction.ligne is None
    assert not LigneCompte.objects.filter(type="paiement").exists()
    verifier_transactions_en_attente()  # the periodic job tries again
    transaction.refresh_from_db()
    assert transaction.etat == Etat.PAYEE
    assert banque.appels == ["creer", "detail", "detail"]


def test_notification_demande_le_statut_a_payfip(parent, soap, structure, client):
    PayFiPHorsLigne(soap, details=["P"])
    _, transaction = payer(parent)
    # PayFiP posts only idOp; any other field (a forged « paid ») is ignored.
    client.logout()
    reponse = client.post(f"/banque/notification/{transaction.pk}/", {"idOp": IDOP})
    assert reponse.status_code == 200
    transaction.refresh_from_db()
    assert transaction.etat == Etat.PAYEE


def test_montant_different_de_la_demande_rien_credite(parent, soap, structure):
    PayFiPHorsLigne(soap, details=["P"], montant="100")
    _, transaction = payer(parent)
    parent.get(f"/paiement/retour/{transaction.pk}/")
    transaction.refresh_from_db()
    assert transaction.etat == Etat.ECHEC and transaction.ligne is None
    assert grand_livre.solde(parent.foyer.pk, structure.pk) == Decimal("-42.50")


def test_creation_refusee_le_portail_le_dit(parent, soap):
    PayFiPHorsLigne(soap, creer="refus")
    reponse, transaction = payer(parent)
    assert reponse.status_code == 400
    assert "Le service de paiement a refusé la demande" in reponse.content.decode()
    assert transaction.etat == Etat.ECHEC


def test_payfip_injoignable_a_la_creation(parent, soap):
    soap.add(
        responses.POST,
        "https://www.payfip.gouv.fr/tpa/services/securite",
        body=requests.exceptions.ConnectionError("injoignable"),
    )
    reponse, transaction = payer(parent)
    assert "ne répond pas pour le moment" in reponse.content.decode()
    assert transaction.etat == Etat.ECHEC
