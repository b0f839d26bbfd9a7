"""Prices by quotient familial. Consumptions, the ledger, payments and receipts come with the
billing issue."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from famille.comptes.pages import OngletPage


class QuotientFamilial(models.Model):
    foyer = models.ForeignKey(
        "dossiers.Foyer",
        verbose_name="compte famille",
        on_delete=models.CASCADE,
        related_name="quotients",
    )
    valeur = models.DecimalField("quotient familial (€)", max_digits=8, decimal_places=2)
    debut = models.DateField("valable à partir du")
    source = models.CharField(
        "source", max_length=30, default="CAF", help_text="CAF, MSA, avis d'imposition…"
    )
    saisi_le = models.DateTimeField("saisi le", auto_now_add=True)

    class Meta:
        verbose_name = "quotient familial"
        verbose_name_plural = "quotients familiaux"
        ordering = ["-debut"]
        constraints = [
            models.UniqueConstraint(fields=["foyer", "debut"], name="qf_unique_par_date")
        ]

    def __str__(self) -> str:
        return f"QF {self.valeur} € au {self.debut:%d/%m/%Y}"


class Tarif(models.Model):
    """Price of one unit of a service for a range of quotient familial, from a date."""

    prestation = models.ForeignKey(
        "reservations.Prestation",
        verbose_name="prestation",
        on_delete=models.CASCADE,
        related_name="tarifs",
    )
    qf_min = models.DecimalField(
        "QF à partir de (€)", max_digits=8, decimal_places=2, default=Decimal("0")
    )
    qf_max = models.DecimalField(
        "QF jusqu'à (€)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    prix = models.DecimalField("prix unitaire (€)", max_digits=7, decimal_places=2)
    hors_commune = models.BooleanField("tarif hors commune", default=False)
    debut = models.DateField("applicable à partir du")

    class Meta:
        verbose_name = "tarif"
        verbose_name_plural = "tarifs"
        ordering = ["prestation", "debut", "qf_min"]

    def __str__(self) -> str:
        return f"{self.prestation} : {self.prix} €"


class HistoriquePage(OngletPage):
    """The « Historique » tab: consumptions and payments, this month and the previous one."""

    template = "facturation/historique_page.html"

    class Meta:
        verbose_name = "onglet Historique"


class PaiementPage(OngletPage):
    """The « Paiement » tab: balance and online payment."""

    template = "facturation/paiement_page.html"

    class Meta:
        verbose_name = "onglet Paiement"
