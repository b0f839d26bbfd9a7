"""Password rules (CNIL 2022, OWASP ASVS level 2): length, not composition. The same list is
shown on every page where a password is chosen, and each broken rule is named in the error."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from . import estimation


class MaximumLengthValidator:
    """At most 128 characters (OWASP ASVS 2.1.2): long passphrases welcome, abuse not."""

    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"Le mot de passe est trop long : {self.max_length} caractères au maximum.",
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return f"Votre mot de passe ne doit pas dépasser {self.max_length} caractères."


@dataclass(frozen=True)
class Regle:
    code: str  # the ValidationError code that breaks it ("" for a plain information)
    intitule: str
    precision: str = ""

    def __str__(self) -> str:
        return f"{self.intitule} {self.precision}".strip()


MEME_MOT_DE_PASSE = "password_unchanged"
DEVINABLE = estimation.CODE
TROP_PROCHE = "password_too_similar"


def _normaliser(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", sans_accents.lower())


def compose_des_informations(mot_de_passe: str, compte) -> bool:
    """Django's similarity check misses « nadiaroux2001 » or « roux-nadia-f2001 »: take the
    identifiant, names and e-mail out of the password and see whether much is left."""
    if compte is None:
        return False
    morceaux: set[str] = set()
    for valeur in (
        compte.username,
        compte.first_name,
        compte.last_name,
        (compte.email or "").split("@")[0],
    ):
        if not valeur:
            continue
        morceaux.add(_normaliser(valeur))
        morceaux.update(_normaliser(m) for m in re.split(r"[\W_]+", valeur))
    reste = _normaliser(mot_de_passe)
    for morceau in sorted((m for m in morceaux if len(m) >= 3), key=len, reverse=True):
        reste = reste.replace(morceau, "")
    # What is left must be a real password of its own, not a year or a counter.
    return len(reste) < 6 or reste.isdigit()


def _mots_du_compte(compte) -> list[str]:
    if compte is None:
        return []
    mots = [
        compte.username,
        compte.first_name,
        compte.last_name,
        (compte.email or "").split("@")[0],
    ]
    return [m for mot in mots if mot for m in re.split(r"[\W_]+", mot) + [mot] if m]


def longueurs() -> tuple[int, int]:
    """The minimum and maximum lengths as configured in AUTH_PASSWORD_VALIDATORS."""
    minimum, maximum = 12, 128
    for validateur in password_validation.get_default_password_validators():
        if isinstance(validateur, password_validation.MinimumLengthValidator):
            minimum = validateur.min_length
        elif isinstance(validateur, MaximumLengthValidator):
            maximum = validateur.max_length
    return minimum, maximum


def regles() -> list[Regle]:
    minimum, maximum = longueurs()
    return [
        Regle(
            "password_too_short",
            f"Au moins {minimum} caractères",
            ": une phrase de plusieurs mots est idéale.",
        ),
        Regle("password_too_long", f"Au plus {maximum} caractères", "."),
        Regle(
            "password_too_common",
            "Pas un mot de passe courant",
            "(comme « password1234 » ou « azertyuiop »).",
        ),
        Regle(
            DEVINABLE,
            "Difficile à deviner",
            ": pas une rangée du clavier (« azertyuiop »), une suite, une date ou un mot seul "
            "(trois ou quatre mots sans lien entre eux, c'est bien).",
        ),
        Regle(
            TROP_PROCHE,
            "Pas proche de votre identifiant, de votre nom, de votre prénom ou de votre adresse e-mail",
            ".",
        ),
        Regle(MEME_MOT_DE_PASSE, "Différent de votre mot de passe actuel", "."),
        Regle("", "Aucune obligation de majuscule, de chiffre ou de caractère spécial."),
    ]


def regles_mot_de_passe() -> list[str]:
    return [str(regle) for regle in regles()]


def nommer_regle(erreur: ValidationError, mot_de_passe: str) -> ValidationError:
    """Turn a validator's error into one that names the broken rule as the page shows it."""
    regle = next((r for r in regles() if r.code and r.code == erreur.code), None)
    if regle is None:
        return erreur
    message = f"Règle non respectée : « {regle.intitule} »"
    if erreur.code in ("password_too_short", "password_too_long"):
        message += f" (votre mot de passe en compte {len(mot_de_passe)})"
    return ValidationError(message + ".", code=erreur.code)


def valider_mot_de_passe(mot_de_passe: str, compte, *, comparer_a_l_actuel: bool = True) -> None:
    """Check every rule; raise one error per broken rule, each naming it."""
    erreurs = []
    try:
        password_validation.validate_password(mot_de_passe, compte)
    except ValidationError as exc:
        erreurs.extend(nommer_regle(e, mot_de_passe) for e in exc.error_list)
    if compose_des_informations(mot_de_passe, compte) and not any(
        e.code == TROP_PROCHE for e in erreurs
    ):
        erreurs.append(nommer_regle(ValidationError("", code=TROP_PROCHE), mot_de_passe))
    if (
        comparer_a_l_actuel
        and compte is not None
        and compte.has_usable_password()
        and compte.check_password(mot_de_passe)
    ):
        erreurs.append(nommer_regle(ValidationError("", code=MEME_MOT_DE_PASSE), mot_de_passe))
    if not erreurs:
        # Only when every other rule holds: one clear reason rather than a pile of them.
        pourquoi = estimation.raison_du_refus(mot_de_passe, _mots_du_compte(compte))
        if pourquoi:
            erreurs.append(
                ValidationError(
                    f"Règle non respectée : « Difficile à deviner » : {pourquoi}. Choisissez "
                    "plutôt trois ou quatre mots sans lien entre eux.",
                    code=DEVINABLE,
                )
            )
    if erreurs:
        raise ValidationError(erreurs)
