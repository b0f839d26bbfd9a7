"""The parent's e-mail addresses, as the memo describes them: several, separated by « ; »;
reservation summaries and payment receipts go to all of them, card payments use the first."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import EMAILS_MAX, Compte, Evenement

MAXIMUM_ADRESSES = 5


def trier_adresses(texte: str, separateurs: str = ";") -> tuple[list[str], list[str]]:
    """Split `texte` on the `separateurs` pattern: the valid addresses, each once whatever its
    case and in the order given, then the invalid ones. Callers word their own errors."""
    valides: list[str] = []
    invalides: list[str] = []
    vues: set[str] = set()
    for morceau in re.split(separateurs, texte):
        adresse = morceau.strip()
        if not adresse:
            continue
        try:
            validate_email(adresse)
        except ValidationError:
            invalides.append(adresse)
            continue
        if adresse.lower() not in vues:
            vues.add(adresse.lower())
            valides.append(adresse)
    return valides, invalides


def analyser_emails(texte: str) -> list[str]:
    """The addresses of a « ; »-separated list, duplicates removed whatever their case.
    Raises one error per invalid address, naming it: then nothing is to be saved."""
    if len(texte) > EMAILS_MAX:
        raise ValidationError(
            f"{EMAILS_MAX} caractères au plus pour les adresses e-mail "
            f"(vous en avez saisi {len(texte)}).",
            code="trop_long",
        )
    adresses, invalides = trier_adresses(texte)
    erreurs: list[ValidationError] = []
    for adresse in invalides:
        message = f"L'adresse « {adresse} » n'est pas valide."
        if "," in adresse or " " in adresse:
            message += " Séparez les adresses par un point-virgule (;)."
        erreurs.append(ValidationError(message, code="email_invalide"))
    if erreurs:
        raise ValidationError(erreurs)
    if not adresses:
        raise ValidationError("Saisissez au moins une adresse e-mail.", code="aucune_adresse")
    if len(adresses) > MAXIMUM_ADRESSES:
        raise ValidationError(
            f"{MAXIMUM_ADRESSES} adresses au maximum : vous en avez saisi {len(adresses)}.",
            code="trop_d_adresses",
        )
    return adresses


def adresses_actuelles(compte: Compte) -> list[str]:
    return compte.liste_emails or ([compte.email] if compte.email else [])


@transaction.atomic
def changer_emails(
    compte: Compte,
    adresses: list[str],
    request: HttpRequest | None = None,
    auteur: Compte | None = None,
) -> bool:
    """Save the new list; tell the old addresses, so that a stolen session cannot quietly
    divert the account's mail. Returns False when nothing changed."""
    from .services import journaliser

    anciennes = adresses_actuelles(compte)
    if [a.lower() for a in anciennes] == [a.lower() for a in adresses]:
        return False
    compte.emails = "; ".join(adresses)
    compte.save(update_fields=["emails", "email"])
    # Counts only: the addresses themselves are on the account, not copied into the log.
    journaliser(
        Evenement.Type.EMAILS,
        compte=compte,
        request=request,
        auteur=auteur,
        detail=f"{len(anciennes)} adresse(s) avant, {len(adresses)} après",
    )
    if anciennes:
        quand = timezone.now().isoformat()
        transaction.on_commit(lambda: _prevenir(compte.pk, anciennes, quand), robust=True)
    return True


def _prevenir(compte_id: int, anciennes: list[str], quand: str) -> None:
    from django_q.tasks import async_task

    async_task("famille.comptes.tasks.prevenir_changement_emails", compte_id, anciennes, quand)
