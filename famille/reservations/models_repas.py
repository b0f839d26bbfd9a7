"""Meal counts for the kitchens (issue 12.3): the sites that serve meals, and the counts of a day
frozen at its booking cut-off.

A `SiteRepas` is a school restaurant (or a centre's dining room) with the kitchen's e-mail and
the hour the kitchen stops taking changes in the morning. A booked meal belongs to the site of
its prestation when the prestation is attached to one (a leisure centre's meals), else to the
site of the child's school.

`GelRepas` marks a day frozen (one row a day: freezing twice is impossible), `EffectifRepas`
holds its counts: one row per site, day and variant. No child is named in these rows: the
kitchen needs numbers (and the Education service the names, in its own lists)."""

from __future__ import annotations

import datetime

from django.db import models


class SiteRepas(models.Model):
    structure = models.ForeignKey(
        "comptes.Structure", verbose_name="structure", on_delete=models.PROTECT, related_name="+"
    )
    nom = models.CharField("nom", max_length=150)
    email = models.EmailField(
        "e-mail de la cuisine",
        blank=True,
        help_text="Les effectifs figés y sont envoyés à l'heure limite de réservation.",
    )
    heure_cuisine = models.TimeField(
        "heure de la cuisine",
        default=datetime.time(9, 30),
        help_text="Les absences signalées le matin avant cette heure sont montrées en écart.",
    )
    ecoles = models.ManyToManyField(
        "dossiers.Ecole",
        verbose_name="écoles servies",
        blank=True,
        related_name="sites_repas",
        help_text="Les repas des enfants de ces écoles sont servis sur ce site.",
    )
    prestations = models.ManyToManyField(
        "reservations.Prestation",
        verbose_name="prestations servies sur place",
        blank=True,
        related_name="sites_repas",
        help_text="Par exemple le centre de loisirs : tous ses repas sont servis ici, quelle "
        "que soit l'école de l'enfant.",
    )

    class Meta:
        verbose_name = "site de restauration"
        verbose_name_plural = "sites de restauration"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class GelRepas(models.Model):
    """A day whose counts were frozen (and when the kitchens were e-mailed)."""

    jour = models.DateField("jour", unique=True)
    fige_le = models.DateTimeField("figés le")
    envoye_le = models.DateTimeField("envoyés aux cuisines le", null=True, blank=True)

    class Meta:
        verbose_name = "effectifs figés d'un jour"
        verbose_name_plural = "effectifs figés"
        ordering = ["-jour"]

    def __str__(self) -> str:
        return f"Effectifs du {self.jour:%d/%m/%Y}"


class EffectifRepas(models.Model):
    """Site, day, variant, count, time: the snapshot the kitchen orders from. A null site is
    the meals of children whose school has no site yet (shown so that nothing is lost)."""

    gel = models.ForeignKey(
        GelRepas, verbose_name="gel", on_delete=models.CASCADE, related_name="effectifs"
    )
    site = models.ForeignKey(
        SiteRepas,
        verbose_name="site",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="effectifs",
    )
    jour = models.DateField("jour", db_index=True)
    variante = models.CharField("variante", max_length=20)
    nombre = models.PositiveIntegerField("nombre de repas")
    fige_le = models.DateTimeField("figé le")

    class Meta:
        verbose_name = "effectif de repas"
        verbose_name_plural = "effectifs de repas"
        ordering = ["jour", "site", "variante"]

    def __str__(self) -> str:
        return (
            f"{self.site or 'Sans site'} — {self.jour:%d/%m/%Y} — {self.variante} : {self.nombre}"
        )
