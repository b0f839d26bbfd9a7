"""One cell at a time: each function returns the clean value or raises ValueError with the
French sentence staff will read next to the row number and the column."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.core.exceptions import ValidationError

from famille.comptes import chiffres
from famille.comptes.adresses import MAXIMUM_ADRESSES, trier_adresses
from famille.comptes.models import EMAILS_MAX
from famille.dossiers.models import Enfant, ResponsableLegal

from ..champs import normaliser

FORMATS_DATE = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")


def texte(valeur) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, datetime.date):
        return valeur.strftime("%d/%m/%Y")
    return " ".join(str(valeur).split())


@lru_cache(maxsize=100_000)
def date(valeur) -> datetime.date | None:
    if isinstance(valeur, datetime.datetime):
        return valeur.date()
    if isinstance(valeur, datetime.date):
        return valeur
    brut = texte(valeur)
    if not brut:
        return None
    brut = brut.split(" ")[0]  # « 14/03/2019 00:00:00 » from some exports
    for format in FORMATS_DATE:
        try:
            return datetime.datetime.strptime(brut, format).date()
        except ValueError:
            continue
    raise ValueError(f"« {brut} » n'est pas une date au format jj/mm/aaaa.")


def date_naissance(valeur, aujourdhui: datetime.date) -> datetime.date | None:
    jour = date(valeur)
    if jour is not None and jour > aujourdhui:
        raise ValueError(f"la date de naissance {jour:%d/%m/%Y} est dans le futur.")
    if jour is not None and jour.year < aujourdhui.year - 30:
        raise ValueError(
            f"la date de naissance {jour:%d/%m/%Y} n'est pas plausible pour un enfant."
        )
    return jour


@lru_cache(maxsize=100_000)
def emails(valeur) -> str:
    """« a@x.fr, b@y.fr » → « a@x.fr; b@y.fr » (the portal's separator), every address checked.
    Spreadsheets separate addresses by anything: « ; », « , » or spaces."""
    brut = texte(valeur)
    if len(brut) > EMAILS_MAX:
        raise ValueError(f"{EMAILS_MAX} caractères au plus pour les adresses e-mail.")
    uniques, invalides = trier_adresses(brut, r"[;,\s]+")
    if invalides:
        liste = ", ".join(f"« {a} »" for a in invalides)
        if len(invalides) == 1:
            raise ValueError(f"l'adresse {liste} n'est pas une adresse e-mail valide.")
        raise ValueError(f"les adresses {liste} ne sont pas des adresses e-mail valides.")
    if len(uniques) > MAXIMUM_ADRESSES:
        raise ValueError(
            f"{MAXIMUM_ADRESSES} adresses e-mail au plus ({len(uniques)} dans la cellule)."
        )
    return "; ".join(uniques)


LIENS = {
    "mere": ResponsableLegal.Lien.MERE,
    "maman": ResponsableLegal.Lien.MERE,
    "m": ResponsableLegal.Lien.MERE,
    "pere": ResponsableLegal.Lien.PERE,
    "papa": ResponsableLegal.Lien.PERE,
    "p": ResponsableLegal.Lien.PERE,
    "tuteur": ResponsableLegal.Lien.TUTEUR,
    "tutrice": ResponsableLegal.Lien.TUTEUR,
    "tuteur ou tutrice": ResponsableLegal.Lien.TUTEUR,
    "autre": ResponsableLegal.Lien.AUTRE,
}


@lru_cache(maxsize=100_000)
def lien(valeur) -> str:
    brut = texte(valeur)
    if not brut:
        return ResponsableLegal.Lien.AUTRE
    try:
        return LIENS[normaliser(brut)]
    except KeyError:
        raise ValueError(
            f"« {brut} » n'est pas un lien connu : indiquez Mère, Père, Tuteur ou Autre."
        ) from None


SEXES = {"f": "F", "fille": "F", "feminin": "F", "m": "M", "g": "M", "garcon": "M", "masculin": "M"}


@lru_cache(maxsize=100_000)
def sexe(valeur) -> str:
    brut = texte(valeur)
    if not brut:
        return ""
    try:
        return Enfant.Sexe(SEXES[normaliser(brut)]).value
    except KeyError:
        raise ValueError(f"« {brut} » : indiquez F (fille) ou M (garçon).") from None


@lru_cache(maxsize=100_000)
def code_postal(valeur) -> str:
    brut = texte(valeur).replace(" ", "")
    if not brut:
        return ""
    if chiffres.chiffres(brut) and len(brut) == 4:
        brut = "0" + brut  # Excel drops the leading zero of 01000…09999
    try:
        return chiffres.code_postal(brut)
    except ValidationError as erreur:
        raise ValueError(f"« {brut} » n'est pas un code postal : {erreur.messages[0]}") from None


@lru_cache(maxsize=100_000)
def telephone(valeur) -> str:
    """Kept as written (files write numbers every way), but only with the digits 0–9."""
    brut = texte(valeur)
    if chiffres.autres_chiffres(brut):
        raise ValueError(f"« {brut} » : {chiffres.MESSAGE_AUTRES_CHIFFRES}")
    return brut


_ADRESSE_COMPLETE = re.compile(
    r"^(?P<rue>.+?)[\s,;-]+(?P<cp>[0-9]{5}|[0-9]{2} [0-9]{3})\s+(?P<ville>[^0-9].*)$"
)


def decouper_adresse(adresse: str) -> tuple[str, str, str] | None:
    """« 12 rue X, 33610 Cestas » → (« 12 rue X », « 33610 », « Cestas »), for files that give
    a whole address in one cell; None when it does not end with a postcode and a town."""
    trouve = _ADRESSE_COMPLETE.match(texte(adresse))
    if trouve is None:
        return None
    return (
        trouve["rue"].strip(" ,;-"),
        trouve["cp"].replace(" ", ""),
        trouve["ville"].strip(" ,;"),
    )


def montant(valeur) -> Decimal | None:
    brut = texte(valeur).replace("€", "").replace(" ", "").replace("\u202f", "")
    if not brut:
        return None
    if "," in brut:
        brut = brut.replace(".", "").replace(",", ".")
    try:
        resultat = Decimal(brut)
    except InvalidOperation:
        raise ValueError(f"« {texte(valeur)} » n'est pas un montant (par exemple 12,50).") from None
    if resultat < 0:
        raise ValueError(f"le montant {texte(valeur)} est négatif.")
    return resultat.quantize(Decimal("0.01"))


def booleen(valeur) -> bool:
    brut = normaliser(texte(valeur))
    if brut in ("", "non", "n", "0", "faux", "false", "no"):
        return False
    if brut in ("oui", "o", "1", "vrai", "true", "yes", "x"):
        return True
    raise ValueError(f"« {texte(valeur)} » : indiquez oui ou non.")
