"""« Mes données » prepared in the background (issue 10.9): the PDF of a large family takes
seconds of layout, so the parent asks for it, a django-q2 task writes it in private storage,
and the page (and an e-mail) say when it is ready. One row per foyer at most: a new request
replaces the previous document."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from .pieces import private_storage


def nom_export(instance: ExportDonnees, filename: str) -> str:
    return f"mes-donnees/{secrets.token_urlsafe(24)}"


class ExportDonnees(models.Model):
    foyer = models.ForeignKey(
        "Foyer", verbose_name="compte famille", on_delete=models.CASCADE, related_name="+"
    )
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    demande_le = models.DateTimeField("demandé le", auto_now_add=True)
    pret_le = models.DateTimeField("prêt le", null=True, blank=True)
    fichier = models.FileField(
        "document", storage=private_storage, upload_to=nom_export, max_length=200, blank=True
    )

    class Meta:
        verbose_name = "export « Mes données »"
        verbose_name_plural = "exports « Mes données »"

    def __str__(self) -> str:
        return f"Mes données du {self.demande_le:%d/%m/%Y %H:%M}"
