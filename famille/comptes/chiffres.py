"""Digits as French forms mean them: 0 to 9, nothing else.

Python's `\\d`, `str.isdigit()`, `int()` and `Decimal()` also accept the digits of other
scripts: Arabic-Indic « ٣٣٦١٠ », full-width « ３３６１０ », Devanagari… A postcode, a phone number
or a list of day numbers typed so would be stored as typed, match no town and no search, and
print as boxes on a letter. Every check of digits in forms, imports and stored lists goes
through these helpers (`[0-9]`, never `\\d` without re.ASCII); each refusal says why in French.
Numbers read by Django's IntegerField/DecimalField are converted to real numbers by Python and
stored as such: those are normalised, not refused.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

CODE_POSTAL = re.compile(r"[0-9]{5}")
MESSAGE_CODE_POSTAL = "Le code postal compte 5 chiffres de 0 à 9, par exemple 33610."
MESSAGE_AUTRES_CHIFFRES = "Écrivez les chiffres avec les chiffres 0 à 9 du clavier français."


def chiffres(texte: str) -> bool:
    """True for a non-empty run of 0–9 only (what `isdigit()` is wrongly taken to mean)."""
    return bool(texte) and texte.isascii() and texte.isdigit()


def autres_chiffres(texte: str) -> bool:
    """True when `texte` holds a digit of another script than 0–9 (« ٠٦ », « ０６ »)."""
    return any(c.isdigit() and not c.isascii() for c in texte)


def valider_code_postal(valeur: str) -> None:
    """The model's validator (admin forms, imports): five digits 0–9."""
    if valeur and not CODE_POSTAL.fullmatch(valeur):
        if autres_chiffres(valeur):
            raise ValidationError(
                f"{MESSAGE_CODE_POSTAL} {MESSAGE_AUTRES_CHIFFRES}", code="code_postal"
            )
        raise ValidationError(MESSAGE_CODE_POSTAL, code="code_postal")


def code_postal(valeur: str) -> str:
    """« 33 610 » → « 33610 »; anything else than five digits 0–9 is refused."""
    code = "".join(valeur.split())
    valider_code_postal(code)
    return code
