"""The banks behind « Effectuer un règlement », through eopayment: PayFiP's `payfip_ws` (SOAP,
the public treasury) in production, never the legacy unsigned `tipi`; `dummy` with the portal's
stand-in bank (OperationBanqueFictive) for the demo and the tests, refused in production.

Two operations: `creer` (ask the bank for an idOp and the URL of its payment page) and
`statut` (ask the bank what became of an idOp). Both make an outside call: callers save their
transaction row first. A bank that cannot answer raises `BanqueIndisponible`: nothing is
decided, the caller retries later. Eopayment truncates amounts: they arrive here quantised."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import eopayment
from django.conf import settings
from django.utils import timezone

from ..models import OperationBanqueFictive, RegiePaiement, TransactionPaiement
from . import ErreurFacturation

Etat = TransactionPaiement.Etat

RESULTATS = {
    eopayment.PAID: Etat.PAYEE,
    eopayment.DENIED: Etat.REFUSEE,
    eopayment.CANCELLED: Etat.ABANDONNEE,
    eopayment.EXPIRED: Etat.EXPIREE,
    eopayment.WAITING: Etat.EN_COURS,
}
# A stand-in payment left undecided this long is expired, as PayFiP's P5 window.
ATTENTE_MAX = datetime.timedelta(hours=2)


class BanqueIndisponible(Exception):
    """The bank did not answer (timeout, error page, SOAP fault other than a known code)."""


class BanqueRefuse(Exception):
    """The bank refused to create the payment (its code is kept, never shown raw)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass
class Reponse:
    etat: str
    statut: str = ""
    donnees: dict = field(default_factory=dict)
    montant: Decimal | None = None


def verifier_configuration(regie: RegiePaiement) -> None:
    if regie.banque == RegiePaiement.Banque.FICTIVE and not settings.BANQUE_FICTIVE:
        raise ErreurFacturation("La banque de démonstration n'est pas disponible sur ce portail.")
    if regie.banque == RegiePaiement.Banque.PAYFIP and not (
        len(regie.numcli) == 6 and regie.numcli.isdigit()
    ):
        raise ErreurFacturation("Le numéro client PayFiP de la régie compte six chiffres.")


def _payfip(regie: RegiePaiement, url_retour: str = "", url_notification: str = ""):
    return eopayment.Payment(
        "payfip_ws",
        {
            "numcli": regie.numcli,
            "saisie": regie.saisie,
            "normal_return_url": url_retour,
            "automatic_return_url": url_notification,
        },
    )


def creer(
    regie: RegiePaiement, transaction: TransactionPaiement, url_retour: str, url_notification: str
) -> tuple[str, str]:
    """(idOp, URL of the bank's page) for a saved transaction."""
    verifier_configuration(regie)
    if regie.banque == RegiePaiement.Banque.FICTIVE:
        backend = eopayment.Payment(
            "dummy",
            {"normal_return_url": url_retour, "automatic_return_url": url_notification},
        )
        idop, _, _ = backend.request(transaction.montant, email=transaction.email)
        OperationBanqueFictive.objects.create(
            idop=idop,
            montant=transaction.montant,
            url_retour=url_retour,
            url_notification=url_notification,
        )
        # eopayment's dummy page is on a remote host: the portal's stand-in page instead.
        return idop, ""
    try:
        idop, _, url = _payfip(regie, url_retour, url_notification).request(
            transaction.montant,
            email=transaction.email,
            refdet=transaction.reference,
            exer=str(timezone.localdate(transaction.demande_le).year),
            subject=f"Compte {transaction.reference}",
            timeout=settings.PAIEMENT_DELAI_BANQUE,
        )
    except eopayment.payfip_ws.PayFiPError as erreur:
        if erreur.code in ("HTTP error", "Unexpected error", "SOAP error", "unknown"):
            raise BanqueIndisponible(str(erreur.code)) from erreur
        raise BanqueRefuse(str(erreur.code)) from erreur
    return idop, url


def statut(transaction: TransactionPaiement) -> Reponse:
    """What the bank says of this transaction now (never what a browser posted)."""
    if transaction.banque == RegiePaiement.Banque.FICTIVE:
        return _statut_fictif(transaction)
    regie = RegiePaiement.objects.get(structure_id=transaction.structure_id)
    try:
        reponse = _payfip(regie).payment_status(
            transaction.idop,
            transaction_date=transaction.demande_le,
            timeout=settings.PAIEMENT_DELAI_BANQUE,
        )
    except eopayment.payfip_ws.PayFiPError as erreur:
        raise BanqueIndisponible(str(erreur.code)) from erreur
    if not reponse.signed or reponse.result not in RESULTATS:
        raise BanqueIndisponible(f"réponse inattendue : {reponse.bank_status}")
    donnees = {k: str(v) for k, v in (reponse.bank_data or {}).items() if k != "mel"}
    montant = None
    if donnees.get("montant"):
        montant = Decimal(donnees["montant"]) / 100
    return Reponse(RESULTATS[reponse.result], reponse.bank_status or "", donnees, montant)


def _statut_fictif(transaction: TransactionPaiement) -> Reponse:
    if not settings.BANQUE_FICTIVE:
        raise BanqueIndisponible("banque fictive désactivée")
    operation = OperationBanqueFictive.objects.filter(idop=transaction.idop).first()
    if operation is None:
        return Reponse(Etat.EXPIREE, "idOp inconnu de la banque")
    etat = {
        OperationBanqueFictive.Resultat.PAYE: Etat.PAYEE,
        OperationBanqueFictive.Resultat.REFUSE: Etat.REFUSEE,
        OperationBanqueFictive.Resultat.ABANDONNE: Etat.ABANDONNEE,
    }.get(operation.resultat)
    if etat is None:
        en_retard = timezone.now() - operation.cree_le >= ATTENTE_MAX
        etat = Etat.EXPIREE if en_retard else Etat.EN_COURS
    return Reponse(
        etat,
        f"banque fictive : {operation.get_resultat_display()}",
        {"idop": operation.idop, "montant": str(operation.montant), "resultat": operation.resultat},
        operation.montant,
    )
