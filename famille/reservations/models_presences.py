"""Attendance (pointage): how each expected child's day ended, marked by the animators, and the
closing of a day by the Education service after which any change is a logged correction.

One `Presence` per child, prestation and day (a unique constraint: saving the same list twice
changes nothing). `JournalPresence` keeps every change (who, before, after, why) because billing
turns late corrections into adjusting lines and must be able to explain them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Presence(models.Model):
    class Etat(models.TextChoices):
        PRESENT = "present", "Présent"
        ABSENT = "absent", "Absent"
        ABSENT_JUSTIFIE = "absent_justifie", "Absence justifiée"
        PRESENT_NON_PREVU = "present_non_prevu", "Présent non prévu"

    enfant = models.ForeignKey(
        "dossiers.Enfant", verbose_name="enfant", on_delete=models.PROTECT, related_name="+"
    )
    prestation = models.ForeignKey(
        "reservations.Prestation",
        verbose_name="prestation",
        on_delete=models.PROTECT,
        related_name="presences",
    )
    jour = models.DateField("jour")
    # The family billed for the day: the booking's, or for an unplanned child the foyer of its
    # first custody link (pointage.py says why).
    foyer = models.ForeignKey(
        "dossiers.Foyer", verbose_name="compte famille", on_delete=models.PROTECT, related_name="+"
    )
    reservation = models.ForeignKey(
        "reservations.Reservation",
        verbose_name="réservation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="presences",
    )
    etat = models.CharField("état", max_length=20, choices=Etat.choices)
    marque_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="marqué par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marque_le = models.DateTimeField("marqué le", default=timezone.now)
    corrige = models.BooleanField("corrigé après clôture", default=False)
    motif = models.CharField("motif de la correction", max_length=255, blank=True)

    class Meta:
        verbose_name = "pointage"
        verbose_name_plural = "pointages"
        ordering = ["jour", "prestation", "enfant"]
        constraints = [
            models.UniqueConstraint(
                fields=["enfant", "prestation", "jour"], name="presence_unique_par_jour"
            )
        ]
        indexes = [models.Index(fields=["jour", "prestation"], name="presence_jour_prestation")]

    def __str__(self) -> str:
        return (
            f"{self.enfant} — {self.prestation} — {self.jour:%d/%m/%Y} : {self.get_etat_display()}"
        )


class ClotureJournee(models.Model):
    """A structure's day closed by the Education service: its attendance is final for billing."""

    structure = models.ForeignKey(
        "comptes.Structure", verbose_name="structure", on_delete=models.CASCADE, related_name="+"
    )
    jour = models.DateField("jour")
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="clôturée par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    le = models.DateTimeField("clôturée le", auto_now_add=True)

    class Meta:
        verbose_name = "journée clôturée"
        verbose_name_plural = "journées clôturées"
        ordering = ["-jour"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "jour"], name="cloture_unique_par_jour")
        ]

    def __str__(self) -> str:
        return f"{self.structure} — {self.jour:%d/%m/%Y}"


class JournalPresence(models.Model):
    """Every change of a mark: the first mark, a later save overriding another animator's, and
    the corrections after closing (with their reason)."""

    presence = models.ForeignKey(
        Presence, verbose_name="pointage", on_delete=models.CASCADE, related_name="journal"
    )
    acteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="fait par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    avant = models.CharField("avant", max_length=20, blank=True)
    apres = models.CharField("après", max_length=20)
    correction = models.BooleanField("correction après clôture", default=False)
    motif = models.CharField("motif", max_length=255, blank=True)
    le = models.DateTimeField("le", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "changement de pointage"
        verbose_name_plural = "changements de pointage"
        ordering = ["-le"]

    def __str__(self) -> str:
        return f"{self.presence} ({self.avant or '—'} → {self.apres})"
