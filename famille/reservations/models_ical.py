"""The secret token of a parent account's private iCalendar feed (issue 11.9). The token is the
only credential of the feed (phone calendars cannot log in): long, random, revocable."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


def nouveau_jeton() -> str:
    # 32 random bytes: 43 URL-safe characters, not guessable.
    return secrets.token_urlsafe(32)


class JetonCalendrier(models.Model):
    compte = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="jeton_calendrier",
    )
    jeton = models.CharField("jeton", max_length=64, unique=True, default=nouveau_jeton)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "lien d'agenda privé"
        verbose_name_plural = "liens d'agenda privés"

    def __str__(self) -> str:
        return f"Agenda de {self.compte}"
