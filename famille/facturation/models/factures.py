"""Monthly statements (factures), numbered per régie (structure) and year without gaps: the
number comes from a counter row locked for the transaction that creates the statement."""

from __future__ import annotations

from django.db import models


class CompteurFacture(models.Model):
    structure = models.ForeignKey("comptes.Structure", on_delete=models.CASCADE, related_name="+")
    annee = models.PositiveSmallIntegerField("année")
    dernier = models.PositiveIntegerField("dernier numéro", default=0)

    class Meta:
        verbose_name = "compteur de factures"
        constraints = [
            models.UniqueConstraint(fields=["structure", "annee"], name="compteur_unique")
        ]

    def __str__(self) -> str:
        return f"{self.structure_id}/{self.annee} : {self.dernier}"


class Facture(models.Model):
    """The statement of one month for a foyer at a structure. Its PDF is drawn from the
    month's immutable lines, so regenerating it gives the same document."""

    structure = models.ForeignKey(
        "comptes.Structure", verbose_name="régie", on_delete=models.PROTECT, related_name="+"
    )
    foyer = models.ForeignKey(
        "dossiers.Foyer",
        verbose_name="compte famille",
        on_delete=models.PROTECT,
        related_name="factures",
    )
    mois = models.DateField("mois", help_text="Premier jour du mois facturé.")
    annee = models.PositiveSmallIntegerField("année")
    numero = models.PositiveIntegerField("numéro")
    total = models.DecimalField("consommations du mois (€)", max_digits=12, decimal_places=2)
    solde = models.DecimalField("solde en fin de mois (€)", max_digits=12, decimal_places=2)
    emise_le = models.DateTimeField("émise le", auto_now_add=True)
    envoyee_le = models.DateTimeField("envoyée le", null=True, blank=True)

    class Meta:
        verbose_name = "facture"
        verbose_name_plural = "factures"
        ordering = ["-mois", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "annee", "numero"], name="facture_numero_unique"
            ),
            models.UniqueConstraint(
                fields=["foyer", "structure", "mois"], name="facture_unique_par_mois"
            ),
        ]

    def __str__(self) -> str:
        return f"Facture {self.reference}"

    @property
    def reference(self) -> str:
        return f"{self.annee}-{self.numero:05d}"
