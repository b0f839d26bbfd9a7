"""Billing models: prices (tarifs), the ledger, statements and the two parent tabs."""

from .factures import CompteurFacture, Facture
from .grand_livre import (
    Allocation,
    JourneeFacturee,
    LigneCompte,
    LigneImmuable,
    RelanceImpaye,
    Solde,
)
from .pages import HistoriquePage, PaiementPage
from .paiements import (
    CompteurTicket,
    OperationBanqueFictive,
    RegiePaiement,
    TransactionPaiement,
)
from .regie import AttestationFiscale, CompteurPiece, Encaissement, Regisseur
from .tarifs import ParametresFacturation, QuotientFamilial, ReglesFacturation, Tarif, arrondi

__all__ = [
    "Allocation",
    "AttestationFiscale",
    "CompteurPiece",
    "Encaissement",
    "Regisseur",
    "CompteurFacture",
    "CompteurTicket",
    "Facture",
    "HistoriquePage",
    "JourneeFacturee",
    "LigneCompte",
    "LigneImmuable",
    "OperationBanqueFictive",
    "PaiementPage",
    "ParametresFacturation",
    "QuotientFamilial",
    "RegiePaiement",
    "RelanceImpaye",
    "ReglesFacturation",
    "Solde",
    "Tarif",
    "TransactionPaiement",
    "arrondi",
]
