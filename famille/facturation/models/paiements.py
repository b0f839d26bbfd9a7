"""Online card payment (PayFiP through eopayment): each structure's régie settings, one row per
payment attempt, the stand-in bank's own records (demo and tests only) and the ticket numbers.

A transaction is created and saved before any call to the bank; its id is in both return URLs.
Only the server decides its outcome (the bank's status answer, never a posted body); a paid
transaction is linked to exactly one ledger line (`ligne`, one-to-one)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class RegiePaiement(models.Model):
    """How one structure (its own régie) takes card payments. PayFiP's `payfip_ws` in
    production; `dummy` with the portal's stand-in bank outside production only."""

    class Banque(models.TextChoices):
        PAYFIP = "payfip_ws", "PayFiP (DGFiP)"
        FICTIVE = "dummy", "Banque fictive (démonstration, hors production)"

    class Saisie(models.TextChoices):
        TEST = "T", "Test"
        ACTIVATION = "X", "Activation"
        PRODUCTION = "W", "Production"

    structure = models.OneToOneField(
        "comptes.Structure",
        verbose_name="structure (régie)",
        on_delete=models.CASCADE,
        related_name="regie_paiement",
    )
    actif = models.BooleanField("paiement en ligne ouvert", default=True)
    banque = models.CharField(
        "service de paiement", max_length=10, choices=Banque.choices, default=Banque.PAYFIP
    )
    numcli = models.CharField(
        "numéro client PayFiP",
        max_length=6,
        blank=True,
        help_text="Six chiffres, fournis par la DGFiP à la régie.",
    )
    saisie = models.CharField(
        "mode PayFiP", max_length=1, choices=Saisie.choices, default=Saisie.TEST
    )

    class Meta:
        verbose_name = "régie de paiement en ligne"
        verbose_name_plural = "régies de paiement en ligne"

    def __str__(self) -> str:
        return f"{self.structure} — {self.get_banque_display()}"


class TransactionPaiement(models.Model):
    class Etat(models.TextChoices):
        CREEE = "creee", "Créée"
        EN_COURS = "en_cours", "Paiement en cours"
        PAYEE = "payee", "Payée"
        REFUSEE = "refusee", "Refusée"
        ABANDONNEE = "abandonnee", "Abandonnée"
        EXPIREE = "expiree", "Expirée"
        ECHEC = "echec", "Échec de la demande"

    FINALS = (Etat.PAYEE, Etat.REFUSEE, Etat.ABANDONNEE, Etat.EXPIREE, Etat.ECHEC)

    foyer = models.ForeignKey(
        "dossiers.Foyer", verbose_name="compte famille", on_delete=models.PROTECT, related_name="+"
    )
    structure = models.ForeignKey(
        "comptes.Structure", verbose_name="régie", on_delete=models.PROTECT, related_name="+"
    )
    payeur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="payeur",
        on_delete=models.PROTECT,
        related_name="+",
    )
    montant = models.DecimalField("montant (€)", max_digits=9, decimal_places=2)
    email = models.EmailField("adresse envoyée à la banque")
    reference = models.CharField("référence (refdet)", max_length=30, db_index=True)
    banque = models.CharField("service", max_length=10, choices=RegiePaiement.Banque.choices)
    idop = models.CharField("identifiant bancaire (idOp)", max_length=64, blank=True)
    etat = models.CharField("état", max_length=10, choices=Etat.choices, default=Etat.CREEE)
    demande_le = models.DateTimeField("demandé le", auto_now_add=True)
    verifie_le = models.DateTimeField("dernière réponse de la banque", null=True, blank=True)
    verifications = models.PositiveIntegerField("interrogations de la banque", default=0)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)
    statut_banque = models.CharField("statut de la banque", max_length=200, blank=True)
    donnees_banque = models.JSONField("données de la banque", default=dict, blank=True)
    ligne = models.OneToOneField(
        "facturation.LigneCompte",
        verbose_name="paiement au compte",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transaction_paiement",
    )
    numero_ticket = models.PositiveIntegerField("n° de ticket", null=True, blank=True)
    annee_ticket = models.PositiveSmallIntegerField("année du ticket", null=True, blank=True)
    ticket_envoye_le = models.DateTimeField("ticket envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "transaction de paiement en ligne"
        verbose_name_plural = "transactions de paiement en ligne"
        ordering = ["-demande_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["banque", "idop"], condition=~Q(idop=""), name="transaction_idop_unique"
            ),
            models.UniqueConstraint(
                fields=["structure", "annee_ticket", "numero_ticket"],
                condition=Q(numero_ticket__isnull=False),
                name="ticket_numero_unique",
            ),
            models.CheckConstraint(
                condition=Q(montant__gte=1) & Q(montant__lte=100000), name="transaction_montant"
            ),
        ]

    def __str__(self) -> str:
        return f"Transaction {self.pk} ({self.get_etat_display()})"

    @property
    def est_finale(self) -> bool:
        return self.etat in self.FINALS

    @property
    def reference_ticket(self) -> str:
        if self.numero_ticket is None:
            return ""
        return f"T{self.annee_ticket}-{self.numero_ticket:05d}"


class CompteurTicket(models.Model):
    """Ticket numbers per régie and year, without gaps (the row is locked while numbering)."""

    structure = models.ForeignKey("comptes.Structure", on_delete=models.CASCADE, related_name="+")
    annee = models.PositiveSmallIntegerField("année")
    dernier = models.PositiveIntegerField("dernier numéro", default=0)

    class Meta:
        verbose_name = "compteur de tickets"
        constraints = [
            models.UniqueConstraint(fields=["structure", "annee"], name="compteur_ticket_unique")
        ]

    def __str__(self) -> str:
        return f"{self.structure_id}/{self.annee} : {self.dernier}"


class OperationBanqueFictive(models.Model):
    """What the stand-in bank (demo, tests) remembers of a payment: the portal asks it the
    status as it would ask PayFiP. Never used in production."""

    class Resultat(models.TextChoices):
        AUCUN = "", "Pas encore décidé"
        PAYE = "paye", "Payé"
        REFUSE = "refuse", "Refusé"
        ABANDONNE = "abandonne", "Abandonné"

    idop = models.CharField(max_length=64, unique=True)
    montant = models.DecimalField(max_digits=9, decimal_places=2)
    url_retour = models.URLField(max_length=500)
    url_notification = models.URLField(max_length=500)
    resultat = models.CharField(max_length=10, choices=Resultat.choices, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    decide_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "opération de la banque fictive"

    def __str__(self) -> str:
        return f"{self.idop} ({self.get_resultat_display()})"
