"""Absences reported by parents for a booked day, and their justification.

One `Absence` per child and day: it covers every prestation the child is booked for that day
(a sick child misses the canteen and the after-school club alike). For illness the parent
uploads a medical certificate within `certificat_avant` (the day plus the prestation's
`delai_certificat`, 7 days by default); the file goes to the same private storage as the
dossier's pièces, under a random name, after the same content checks
(famille/dossiers/services/pieces_verification.py). The Education service accepts or refuses
the justification with a reason the parent sees. How the day ends (absent justifié or not) is
read by famille/reservations/services/pointage.etats_du_jour, never stored here."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from famille.dossiers.models.pieces import nom_aleatoire, private_storage


class Absence(models.Model):
    class Motif(models.TextChoices):
        MALADIE = "maladie", "Maladie"
        AUTRE = "autre", "Autre raison"

    class Statut(models.TextChoices):
        CERTIFICAT_ATTENDU = "certificat_attendu", "Certificat médical attendu"
        A_VERIFIER = "a_verifier", "Justificatif à vérifier"
        ACCEPTEE = "acceptee", "Absence justifiée"
        REFUSEE = "refusee", "Justificatif refusé"

    foyer = models.ForeignKey(
        "dossiers.Foyer", verbose_name="compte famille", on_delete=models.CASCADE, related_name="+"
    )
    enfant = models.ForeignKey(
        "dossiers.Enfant", verbose_name="enfant", on_delete=models.CASCADE, related_name="+"
    )
    jour = models.DateField("jour", db_index=True)
    motif = models.CharField("motif", max_length=10, choices=Motif.choices)
    precision = models.CharField("précision de la famille", max_length=255, blank=True)
    statut = models.CharField("justificatif", max_length=20, choices=Statut.choices, db_index=True)
    signalee_le = models.DateTimeField("signalée le", auto_now_add=True)
    signalee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="signalée par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certificat_avant = models.DateField("certificat à déposer avant le")
    certificat = models.FileField(
        "certificat médical",
        storage=private_storage,
        upload_to=nom_aleatoire,
        max_length=200,
        blank=True,
    )
    certificat_nom = models.CharField("nom du fichier", max_length=150, blank=True)
    certificat_type = models.CharField("type du fichier", max_length=50, blank=True)
    certificat_taille = models.PositiveIntegerField("taille (octets)", null=True, blank=True)
    certificat_depose_le = models.DateTimeField("certificat déposé le", null=True, blank=True)
    motif_refus = models.TextField("motif du refus", blank=True)
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
        verbose_name = "absence signalée"
        verbose_name_plural = "absences signalées"
        ordering = ["-jour", "enfant"]
        constraints = [
            models.UniqueConstraint(fields=["enfant", "jour"], name="absence_unique_par_jour")
        ]

    def __str__(self) -> str:
        return f"{self.enfant} — {self.jour:%d/%m/%Y} ({self.get_motif_display()})"

    @property
    def justifiee(self) -> bool:
        return self.statut == self.Statut.ACCEPTEE
