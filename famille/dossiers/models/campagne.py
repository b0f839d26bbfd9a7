"""The annual renewal: a school year's campaign, each family's dossier for it and the
fiches it has validated."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from famille.comptes.chiffres import chiffres


class Campagne(models.Model):
    annee_scolaire = models.CharField(
        "année scolaire", max_length=9, unique=True, help_text="Par exemple : 2027-2028."
    )
    rentree = models.DateField("rentrée scolaire")
    fin_annee = models.DateField("fin de l'année scolaire")
    ouverture = models.DateField(
        "ouverture du renouvellement", help_text="Par exemple le 1er juin."
    )
    cloture = models.DateField("date limite de validation", help_text="Par exemple le 15 août.")
    relances = models.CharField(
        "relances (jours avant la date limite)",
        max_length=50,
        default="30,15,3",
        help_text="Nombres de jours séparés par des virgules.",
    )

    class Meta:
        verbose_name = "campagne de renouvellement"
        verbose_name_plural = "campagnes de renouvellement"
        ordering = ["-rentree"]

    def __str__(self) -> str:
        return f"Année scolaire {self.annee_scolaire}"

    def clean(self) -> None:
        erreurs = {}
        if self.rentree and self.fin_annee and self.fin_annee <= self.rentree:
            erreurs["fin_annee"] = "La fin de l'année scolaire doit suivre la rentrée."
        if self.ouverture and self.cloture and self.cloture < self.ouverture:
            erreurs["cloture"] = "La date limite doit suivre l'ouverture du renouvellement."
        morceaux = [m.strip() for m in self.relances.split(",") if m.strip()]
        if any(not chiffres(m) for m in morceaux):
            erreurs["relances"] = (
                "Indiquez des nombres de jours séparés par des virgules, par exemple 30,15,3."
            )
        if erreurs:
            raise ValidationError(erreurs)

    @property
    def jours_de_relance(self) -> list[int]:
        return sorted(
            {int(j) for j in self.relances.split(",") if chiffres(j.strip())}, reverse=True
        )


class DossierAnnuel(models.Model):
    """A foyer's dossier for one school year: what the family validated and what staff accepted."""

    class Statut(models.TextChoices):
        NON_COMMENCE = "non_commence", "Non commencé"
        INCOMPLET = "incomplet", "Incomplet"
        A_VERIFIER = "a_verifier", "À vérifier"
        VALIDE = "valide", "Validé"

    foyer = models.ForeignKey(
        "Foyer", verbose_name="compte famille", on_delete=models.CASCADE, related_name="dossiers"
    )
    campagne = models.ForeignKey(
        Campagne, verbose_name="année scolaire", on_delete=models.PROTECT, related_name="dossiers"
    )
    statut = models.CharField(
        "statut", max_length=15, choices=Statut.choices, default=Statut.NON_COMMENCE, db_index=True
    )
    papier = models.BooleanField("saisi depuis un dossier papier", default=False)
    transmis_le = models.DateTimeField("transmis par la famille le", null=True, blank=True)
    valide_le = models.DateTimeField("validé par le service le", null=True, blank=True)
    valide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="validé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    derniere_relance = models.DateField("dernière relance", null=True, blank=True)

    class Meta:
        verbose_name = "dossier annuel"
        verbose_name_plural = "dossiers annuels"
        constraints = [
            models.UniqueConstraint(fields=["foyer", "campagne"], name="dossier_unique_par_annee")
        ]

    def __str__(self) -> str:
        return f"{self.foyer} — {self.campagne.annee_scolaire}"


class ValidationFiche(models.Model):
    """The family pressed « Valider » on one fiche (for one child where the fiche is per child)."""

    class Fiche(models.TextChoices):
        FAMILLE = "famille", "Fiche famille"
        CONTACTS = "contacts", "Contacts"
        ASSURANCE = "assurance", "Assurance"
        AUTORISATIONS = "autorisations", "Autorisations"
        SANTE = "sante", "Fiche santé"

    dossier = models.ForeignKey(DossierAnnuel, on_delete=models.CASCADE, related_name="validations")
    fiche = models.CharField("fiche", max_length=15, choices=Fiche.choices)
    enfant = models.ForeignKey(
        "Enfant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    valide_le = models.DateTimeField("validée le", auto_now=True)
    valide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "fiche validée"
        verbose_name_plural = "fiches validées"
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "fiche", "enfant"], name="validation_unique"
            ),
            models.UniqueConstraint(
                fields=["dossier", "fiche"],
                condition=models.Q(enfant__isnull=True),
                name="validation_foyer_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_fiche_display()} validée"
