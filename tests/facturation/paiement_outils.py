"""Helpers of the online payment tests: a family owing money at a régie, and PayFiP's SOAP
service answered offline by `responses` with the envelopes of tests/facturation/soap/ (written
for this project from PayFiP's WSDL; no network)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import responses

from famille.facturation.models import LigneCompte, RegiePaiement
from famille.facturation.services import grand_livre

SOAP = Path(__file__).parent / "soap"
URL_PAYFIP = "https://www.payfip.gouv.fr/tpa/services/securite"


def devoir(foyer, structure, montant: str) -> None:
    """A debt on the account (an adjustment line: what it comes from does not matter here)."""
    grand_livre.enregistrer_operation(
        None,
        foyer_id=foyer.pk,
        structure_id=structure.pk,
        type_=LigneCompte.Type.AJUSTEMENT,
        montant=-Decimal(montant),
        jour=datetime.date(2027, 3, 1),
        libelle="Consommations de mars",
    )


def regie(structure, banque=RegiePaiement.Banque.FICTIVE) -> RegiePaiement:
    return RegiePaiement.objects.update_or_create(
        structure=structure,
        defaults={"banque": banque, "numcli": "090909", "saisie": "T", "actif": True},
    )[0]


class PayFiPHorsLigne:
    """PayFiP's SOAP endpoint: `creer` answers an idOp (or a refusal), `details` is the list of
    answers to successive status calls: 'P', 'R', 'A' (resultrans), 'P1', 'P5' (faults),
    or an exception instance (a timeout)."""

    def __init__(self, mock: responses.RequestsMock, *, creer="creer", details=(), montant=None):
        self.creer = creer
        self.details = list(details)
        self.montant = montant
        self.appels: list[str] = []
        mock.add_callback(responses.POST, URL_PAYFIP, callback=self._repondre)

    def _repondre(self, requete):
        corps = requete.body.decode() if isinstance(requete.body, bytes) else requete.body
        if "creerPaiementSecurise" in corps:
            self.appels.append("creer")
            self.refdet = re.search(r"<refdet>([^<]*)</refdet>", corps).group(1)
            self.montant = self.montant or re.search(r"<montant>([^<]*)</montant>", corps).group(1)
            self.mel = re.search(r"<mel>([^<]*)</mel>", corps).group(1)
            if self.creer == "refus":
                return 500, {}, (SOAP / "refus_creation.xml").read_text()
            return 200, {}, (SOAP / "creer.xml").read_text()
        self.appels.append("detail")
        reponse = self.details.pop(0) if len(self.details) > 1 else self.details[0]
        if isinstance(reponse, Exception):
            raise reponse
        if reponse in ("P1", "P5"):
            return 500, {}, (SOAP / f"erreur_{reponse}.xml").read_text()
        # PayFiP writes its own local time; an hour ago, so that « abandoned » is final.
        maintenant = datetime.datetime.now(ZoneInfo("Europe/Paris")) - datetime.timedelta(hours=1)
        texte = (SOAP / f"detail_{reponse}.xml").read_text()
        return (
            200,
            {},
            texte.replace("{dattrans}", maintenant.strftime("%d%m%Y"))
            .replace("{heurtrans}", maintenant.strftime("%H%M"))
            .replace("{montant}", self.montant)
            .replace("{refdet}", getattr(self, "refdet", "X")),
        )
