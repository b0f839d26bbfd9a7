"""The Régie's own records (issue 14, points 5 and 6): money taken at the counter and given
back, with its numbered receipt; the régisseur who signs; the yearly attestations fiscales.

The money itself is in the ledger (`LigneCompte` of type paiement or remboursement): an
`Encaissement` is the counter's evidence around one such line (mode, cheque number, receipt
number, who took it) and, once cancelled, the reversal line with the reason. Online payments
have their own evidence (the bank's transaction), not an Encaissement. Nothing here is
deleted: a mistake is a cancellation with a reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class CompteurPiece(models.Model):
    """Gapless numbers per régie (structure), year and series (receipts, attestations): the row
    is locked by the transaction that uses the number, so a rollback gives it back."""

    class Serie(models.TextChoices):
        RECU = "recu", "Reçu"
        ATTESTATION = "attestation", "Attestation fiscale"

    structure = models.ForeignKey("comptes.Structure", on_delete=models.CASCADE, related_name="+")
    annee = models.PositiveSmallIntegerField("année")
    serie = models.CharField("série", max_length=12, choices=Serie.choices)
    dernier = models.PositiveIntegerField("dernier numéro", default=0)

    class Meta:
        verbose_name = "compteur de pièces"
        verbose_name_plural = "compteurs de pièces"
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "annee", "serie"], name="compteur_piece_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.structure_id}/{self.annee}/{self.serie} : {self.dernier}"


class Regisseur(models.Model):
    """Who signs the régie's receipts and attestations (one per structure)."""

    structure = models.OneToOneField(
        "comptes.Structure", verbose_name="structure", on_delete=models.CASCADE, related_name="+"
    )
    nom = models.CharField("nom du régisseur", max_length=120)
    qualite = models.CharField(
        "qualité", max_length=120, default="Régisseur de recettes", help_text="Sous la signature."
    )
    adresse = models.TextField("adresse de la régie", max_length=500, blank=True)
    numero_agrement = models.CharField(
        "n° SIRET ou d'agrément",
        max_length=40,
        blank=True,
        help_text="Imprimé sur l'attestation fiscale (frais de garde).",
    )

    class Meta:
        verbose_name = "régisseur"
        verbose_name_plural = "régisseurs"

    def __str__(self) -> str:
        return f"{self.nom} ({self.structure})"


class Encaissement(models.Model):
    """A payment taken at the counter, or a refund given back, with its receipt number."""

    class Mode(models.TextChoices):
        ESPECES = "especes", "Espèces"
        CHEQUE = "cheque", "Chèque"
        CESU = "cesu", "CESU"
        CARTE = "carte", "Carte bancaire au terminal"
        VIREMENT = "virement", "Virement"

    class Sens(models.TextChoices):
        PAIEMENT = "paiement", "Paiement"
        REMBOURSEMENT = "remboursement", "Remboursement"

    structure = models.ForeignKey(
        "comptes.Structure", verbose_name="régie", on_delete=models.PROTECT, related_name="+"
    )
    foyer = models.ForeignKey(
        "dossiers.Foyer",
        verbose_name="compte famille",
        on_delete=models.PROTECT,
        related_name="encaissements",
    )
    sens = models.CharField("sens", max_length=15, choices=Sens.choices)
    mode = models.CharField("mode de paiement", max_length=10, choices=Mode.choices)
    montant = models.DecimalField(
        "montant (€)", max_digits=10, decimal_places=2, help_text="Toujours positif."
    )
    jour = models.DateField("date")
    banque = models.CharField("banque", max_length=80, blank=True)
    numero_piece = models.CharField(
        "n° du chèque ou du titre", max_length=40, blank=True, help_text="Chèque, CESU, virement."
    )
    annee = models.PositiveSmallIntegerField("année")
    numero = models.PositiveIntegerField("n° de reçu")
    ligne = models.OneToOneField(
        "facturation.LigneCompte",
        verbose_name="ligne du compte",
        on_delete=models.PROTECT,
        related_name="encaissement",
    )
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisi par",
        on_delete=models.PROTECT,
        related_name="+",
    )
    saisi_le = models.DateTimeField("saisi le", auto_now_add=True)
    # Cancellation: never a deletion. The reversal line restores the balance.
    annule_le = models.DateTimeField("annulé le", null=True, blank=True)
    annule_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="annulé par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    motif_annulation = models.CharField("motif d'annulation", max_length=300, blank=True)
    ligne_annulation = models.OneToOneField(
        "facturation.LigneCompte",
        verbose_name="ligne d'annulation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "encaissement"
        verbose_name_plural = "encaissements"
        ordering = ["-jour", "-numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "annee", "numero"], name="encaissement_numero_unique"
            ),
            models.CheckConstraint(condition=Q(montant__gt=0), name="encaissement_montant_positif"),
        ]
        indexes = [models.Index(fields=["structure", "jour"], name="encaissement_jour")]

    def __str__(self) -> str:
        return f"Reçu {self.reference} — {self.montant} €"

    @property
    def reference(self) -> str:
        return f"R{self.annee}-{self.numero:05d}"

    @property
    def annule(self) -> bool:
        return self.annule_le is not None


class AttestationFiscale(models.Model):
    """The yearly attestation of childcare costs paid (crédit d'impôt frais de garde, CGI art.
    200 quater B) of one payer (a foyer's titulaire: each separated parent has a foyer) at one
    régie. Numbered once, its detail frozen at issue: the PDF drawn again is the same document."""

    structure = models.ForeignKey(
        "comptes.Structure", verbose_name="régie", on_delete=models.PROTECT, related_name="+"
    )
    foyer = models.ForeignKey(
        "dossiers.Foyer",
        verbose_name="compte famille",
        on_delete=models.PROTECT,
        related_name="attestations_fiscales",
    )
    annee = models.PositiveSmallIntegerField("année des paiements")
    numero = models.PositiveIntegerField("numéro")
    total = models.DecimalField("frais de garde payés (€)", max_digits=12, decimal_places=2)
    # Per child and service, as issued: the document stays what it was, whatever happens later.
    detail = models.JSONField("détail par enfant et service", default=list)
    emise_le = models.DateTimeField("émise le", auto_now_add=True)

    class Meta:
        verbose_name = "attestation fiscale"
        verbose_name_plural = "attestations fiscales"
        ordering = ["-annee", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "foyer", "annee"], name="attestation_unique_par_an"
            ),
            models.UniqueConstraint(
                fields=["structure", "annee", "numero"], name="attestation_numero_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Attestation {self.reference}"

    @property
    def reference(self) -> str:
        return f"AF{self.annee}-{self.numero:05d}"
