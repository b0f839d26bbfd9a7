"""Background jobs of accounts (django-q2). They take ids, never model instances."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Compte


def envoyer_lien_reinitialisation(compte_id: int, email: str) -> None:
    compte = Compte.objects.get(pk=compte_id)
    # The token is made here, not in the request: it never sits in the task queue.
    uid = urlsafe_base64_encode(force_bytes(compte.pk))
    token = default_token_generator.make_token(compte)
    lien = settings.PORTAIL_URL + reverse(
        "comptes:reinitialisation_confirmation", args=[uid, token]
    )
    # The mail may be read by whoever reads that mailbox: the link, nothing else personal.
    contexte = {"lien": lien, "validite_minutes": settings.PASSWORD_RESET_TIMEOUT // 60}
    send_mail(
        "Portail Famille : réinitialiser votre mot de passe",
        render_to_string("comptes/emails/reinitialisation.txt", contexte),
        None,
        [email],
    )


def prevenir_changement_emails(compte_id: int, anciennes: list[str], quand: str) -> None:
    """Notice to the addresses the account had before a change (not the new ones)."""
    if not Compte.objects.filter(pk=compte_id).exists():
        return
    moment = timezone.localtime(datetime.datetime.fromisoformat(quand))
    contexte = {"moment": moment, "portail_url": settings.PORTAIL_URL}
    send_mail(
        "Portail Famille : vos adresses e-mail ont été modifiées",
        render_to_string("comptes/emails/changement_emails.txt", contexte),
        None,
        anciennes,
    )


def prevenir_changement_mot_de_passe(compte_id: int, quand: str) -> None:
    """Notice to the profile's addresses that the password changed (no password in it)."""
    from .adresses import adresses_actuelles

    compte = Compte.objects.filter(pk=compte_id).first()
    if compte is None or not adresses_actuelles(compte):
        return
    moment = timezone.localtime(datetime.datetime.fromisoformat(quand))
    send_mail(
        "Portail Famille : votre mot de passe a été modifié",
        render_to_string(
            "comptes/emails/changement_mot_de_passe.txt",
            {"moment": moment, "portail_url": settings.PORTAIL_URL},
        ),
        None,
        adresses_actuelles(compte),
    )


def envoyer_email(sujet: str, template: str, contexte: dict, destinataires: list[str]) -> None:
    send_mail(sujet, render_to_string(template, contexte), None, destinataires)
