"""Pièces justificatives: uploaded in private storage, reviewed by the Education service."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models


def private_storage():
    return storages["private"]


def nom_aleatoire(instance: Fichier, filename: str) -> str:
    # The parent's file name never reaches the disk: it may hold a path or personal data.
    return f"pieces/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}"


class PieceJustificative(models.Model):
    class Type(models.TextChoices):
        DOMICILE = "domicile", "Justificatif de domicile de moins de deux mois"
        ASSURANCE = "assurance", "Attestation d'assurance pour l'année scolaire à venir"
        IMPOSITION = "imposition", "Avis d'imposition"
        PAI_CERTIFICAT = "pai_certificat", "Certificat médical du PAI"
        PAI_PHOTO = "pai_photo", "Photo de l'enfant (PAI)"
        CARNET_SANTE = "carnet_sante", "Pages du carnet de santé (vaccinations)"
        JUGEMENT = "jugement", "Jugement de divorce (autorité parentale et garde)"

    class Statut(models.TextChoices):
        DEPOSEE = "deposee", "À vérifier"
        ACCEPTEE = "acceptee", "Acceptée"
        REFUSEE = "refusee", "Refusée"

    dossier = models.ForeignKey(
        "DossierAnnuel", verbose_name="dossier", on_delete=models.CASCADE, related_name="pieces"
    )
    enfant = models.ForeignKey(
        "Enfant",
        verbose_name="enfant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pieces",
    )
    type = models.CharField("pièce", max_length=20, choices=Type.choices)
    statut = models.CharField(
        "statut", max_length=10, choices=Statut.choices, default=Statut.DEPOSEE, db_index=True
    )
    motif_refus = models.TextField("motif du refus", blank=True)
    deposee_le = models.DateTimeField("déposée le", auto_now_add=True)
    verifiee_le = models.DateTimeField("vérifiée le", null=True, blank=True)
    verifiee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="vérifiée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "pièce justificative"
        verbose_name_plural = "pièces justificatives"
        ordering = ["type", "-deposee_le"]
        # One piece per type (and child) in a dossier: new files are added to it, so that two
        # uploads at the same moment cannot create two pieces to review.
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "type", "enfant"], name="piece_unique_par_enfant"
            ),
            models.UniqueConstraint(
                fields=["dossier", "type"],
                condition=models.Q(enfant__isnull=True),
                name="piece_unique_par_foyer",
            ),
        ]

    def __str__(self) -> str:
        return self.get_type_display()

    @property
    def est_sante(self) -> bool:
        """Health documents (special category): only the Éducation group sees them."""
        return self.type in TYPES_SANTE


TYPES_SANTE = frozenset(
    {
        PieceJustificative.Type.PAI_CERTIFICAT,
        PieceJustificative.Type.PAI_PHOTO,
        PieceJustificative.Type.CARNET_SANTE,
    }
)


class Fichier(models.Model):
    piece = models.ForeignKey(PieceJustificative, on_delete=models.CASCADE, related_name="fichiers")
    fichier = models.FileField(
        "fichier", storage=private_storage, upload_to=nom_aleatoire, max_length=200
    )
    nom_original = models.CharField("nom du fichier", max_length=150)
    type_mime = models.CharField("type", max_length=50)
    taille = models.PositiveIntegerField("taille (octets)")
    depose_le = models.DateTimeField("déposé le", auto_now_add=True)
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "fichier"
        verbose_name_plural = "fichiers"
        ordering = ["depose_le"]

    def __str__(self) -> str:
        return self.nom_original
