from __future__ import annotations

from django.conf import settings
from django.db import models


class Modification(models.Model):
    """Who changed what in a fiche, and when. Health fiche changes are flagged so that only
    the Éducation group sees their values."""

    foyer = models.ForeignKey(
        "Foyer",
        verbose_name="compte famille",
        on_delete=models.CASCADE,
        related_name="modifications",
    )
    enfant = models.ForeignKey(
        "Enfant",
        verbose_name="enfant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    fiche = models.CharField("fiche", max_length=20)
    changements = models.JSONField("changements", default=dict, help_text="{champ: [avant, après]}")
    sante = models.BooleanField("données de santé", default=False)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    date = models.DateTimeField("le", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "modification de fiche"
        verbose_name_plural = "modifications de fiches"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.fiche} modifiée le {self.date:%d/%m/%Y %H:%M}"
