"""The ledger of each Compte Famille and structure (each structure is its own régie).

Lines are immutable: a correction is a new line (a reversal credit pointing at the line it
cancels, then a new line), never an edit. Amounts are signed from the family's side: a
consumption is negative (owed), a payment positive; the balance (« solde ») is their sum, kept
in one `Solde` row per foyer and structure updated in the same transaction as the lines (a
nightly check recomputes it). Payments are allocated to debit lines oldest first
(`Allocation`), so that « paid in year N » is known per line for the attestation fiscale."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q


class LigneImmuable(Exception):
    """A ledger line is never edited nor deleted: write a correcting line instead."""


class LigneQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LigneImmuable("Les lignes du compte ne se modifient pas : ajoutez une correction.")

    def delete(self):
        raise LigneImmuable("Les lignes du compte ne se suppriment pas : ajoutez une correction.")

    def du_compte(self, foyer_id: int, structure_id: int | None = None):
        lignes = self.filter(foyer_id=foyer_id)
        if structure_id is not None:
            lignes = lignes.filter(structure_id=structure_id)
        return lignes

    def actives(self):
        """Lines neither reversed nor reversals: what a family is billed for today."""
        return self.filter(annule__isnull=True, annulation__isnull=True)


class LigneCompte(models.Model):
    class Type(models.TextChoices):
        CONSOMMATION = "consommation", "Consommation"
        PAIEMENT = "paiement", "Paiement"
        REMBOURSEMENT = "remboursement", "Remboursement"
        AJUSTEMENT = "ajustement", "Ajustement"

    class Categorie(models.TextChoices):
        GARDE = "garde", "Garde"
        REPAS = "repas", "Repas"
        PENALITE = "penalite", "Pénalité"

    class Nature(models.TextChoices):
        PRESTATION = "prestation", "Prestation"
        MAJORATION = "majoration", "Majoration"

    foyer = models.ForeignKey(
        "dossiers.Foyer",
        verbose_name="compte famille",
        on_delete=models.PROTECT,
        related_name="lignes_compte",
    )
    structure = models.ForeignKey(
        "comptes.Structure",
        verbose_name="structure",
        on_delete=models.PROTECT,
        related_name="lignes_compte",
    )
    type = models.CharField("type", max_length=15, choices=Type.choices)
    jour = models.DateField("jour", help_text="Jour consommé, ou date du paiement.")
    libelle = models.CharField("libellé", max_length=200)
    montant = models.DecimalField(
        "montant (€)",
        max_digits=10,
        decimal_places=2,
        help_text="Négatif : dû par la famille ; positif : payé ou crédité.",
    )
    categorie = models.CharField("catégorie", max_length=10, choices=Categorie.choices, blank=True)
    # What was consumed and how it was priced (empty on payments).
    enfant = models.ForeignKey(
        "dossiers.Enfant",
        verbose_name="enfant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lignes_compte",
    )
    prestation = models.ForeignKey(
        "reservations.Prestation",
        verbose_name="prestation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lignes_compte",
    )
    quantite = models.DecimalField("quantité", max_digits=6, decimal_places=2, default=1)
    prix_unitaire = models.DecimalField(
        "prix unitaire (€)", max_digits=7, decimal_places=2, null=True, blank=True
    )
    tarif = models.ForeignKey(
        "facturation.Tarif",
        verbose_name="tarif",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lignes",
    )
    qf = models.DecimalField(
        "quotient familial retenu (€)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    tranche = models.CharField("tranche", max_length=80, blank=True)
    etat = models.CharField("état du jour", max_length=30, blank=True)
    modificateur = models.CharField("modificateur", max_length=120, blank=True)
    explication = models.TextField("explication", blank=True)
    nature = models.CharField(
        "nature", max_length=12, choices=Nature.choices, default=Nature.PRESTATION
    )
    # The booking or attendance the line comes from; with nature and version, the job's key.
    source_type = models.CharField("origine", max_length=15, blank=True)
    source_id = models.BigIntegerField("n° d'origine", null=True, blank=True)
    version = models.PositiveSmallIntegerField("version", default=1)
    annule = models.OneToOneField(
        "self",
        verbose_name="annule la ligne",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annulation",
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisie par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Vide : le traitement automatique.",
    )
    cree_le = models.DateTimeField("saisie le", auto_now_add=True)

    objects = LigneQuerySet.as_manager()

    class Meta:
        verbose_name = "ligne de compte"
        verbose_name_plural = "lignes de compte"
        ordering = ["jour", "id"]
        indexes = [models.Index(fields=["foyer", "structure", "jour"], name="ligne_compte_jour")]
        constraints = [
            # Idempotency of the consumption job: one live line per source, day, nature, version.
            models.UniqueConstraint(
                fields=["source_type", "source_id", "jour", "nature", "version"],
                condition=Q(source_id__isnull=False, annule__isnull=True),
                name="ligne_unique_par_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jour:%d/%m/%Y} {self.libelle} {self.montant} €"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LigneImmuable(
                "Les lignes du compte ne se modifient pas : ajoutez une correction."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LigneImmuable("Les lignes du compte ne se suppriment pas : ajoutez une correction.")

    @property
    def est_debit(self) -> bool:
        return self.montant < 0


class Solde(models.Model):
    """The running balance of one foyer at one structure: the sum of its lines, kept in step in
    the transaction that writes them (UPDATE … SET montant = montant + delta)."""

    foyer = models.ForeignKey(
        "dossiers.Foyer", verbose_name="compte famille", on_delete=models.CASCADE, related_name="+"
    )
    structure = models.ForeignKey(
        "comptes.Structure", verbose_name="structure", on_delete=models.CASCADE, related_name="+"
    )
    montant = models.DecimalField("solde (€)", max_digits=12, decimal_places=2, default=0)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "solde"
        verbose_name_plural = "soldes"
        constraints = [models.UniqueConstraint(fields=["foyer", "structure"], name="solde_unique")]

    def __str__(self) -> str:
        return f"{self.foyer_id}/{self.structure_id} : {self.montant} €"


class Allocation(models.Model):
    """Part of a payment (or credit) settling part of a debit line."""

    paiement = models.ForeignKey(
        LigneCompte, on_delete=models.PROTECT, related_name="allocations_donnees"
    )
    ligne = models.ForeignKey(LigneCompte, on_delete=models.PROTECT, related_name="allocations")
    montant = models.DecimalField("montant (€)", max_digits=10, decimal_places=2)
    cree_le = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "allocation"
        constraints = [
            models.UniqueConstraint(fields=["paiement", "ligne"], name="allocation_unique"),
            models.CheckConstraint(
                condition=Q(montant__gt=Decimal("0")), name="allocation_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.montant} € de {self.paiement_id} sur {self.ligne_id}"


class JourneeFacturee(models.Model):
    """Progress of the consumption job for one day (restartable: lines carry their own key)."""

    jour = models.DateField("jour", unique=True)
    commence_le = models.DateTimeField("commencé le", auto_now_add=True)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)
    lignes = models.PositiveIntegerField("lignes écrites", default=0)
    sans_tarif = models.PositiveIntegerField("jours sans tarif", default=0)

    class Meta:
        verbose_name = "journée facturée"
        verbose_name_plural = "journées facturées"
        ordering = ["-jour"]

    def __str__(self) -> str:
        return f"{self.jour:%d/%m/%Y}"


class RelanceImpaye(models.Model):
    """A reminder e-mail sent for an unpaid balance: at most one per foyer, structure, period."""

    foyer = models.ForeignKey(
        "dossiers.Foyer", verbose_name="compte famille", on_delete=models.CASCADE, related_name="+"
    )
    structure = models.ForeignKey(
        "comptes.Structure", verbose_name="structure", on_delete=models.CASCADE, related_name="+"
    )
    periode = models.DateField("période commençant le")
    montant = models.DecimalField("solde relancé (€)", max_digits=12, decimal_places=2)
    envoyee_le = models.DateTimeField("envoyée le", auto_now_add=True)

    class Meta:
        verbose_name = "relance d'impayé"
        verbose_name_plural = "relances d'impayés"
        constraints = [
            models.UniqueConstraint(
                fields=["foyer", "structure", "periode"], name="relance_unique_par_periode"
            )
        ]

    def __str__(self) -> str:
        return f"Relance du {self.periode:%d/%m/%Y}"
