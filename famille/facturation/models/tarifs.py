"""Prices: quotient familial per foyer and date, tariffs per prestation, bracket, residency and
dates, how each prestation is billed (mode, category) and the structure's modifiers.

A price never lives in reservations: the booking side says what happened on a day, these
models say what it costs."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

CENT = Decimal("0.01")
POSITIF = MinValueValidator(Decimal("0"), "Un montant ne peut pas être négatif.")
POURCENT_MAX = MaxValueValidator(Decimal("100"), "Un pourcentage ne dépasse pas 100.")
# The highest revenu fiscal de référence the form accepts: beyond, a typing error is likelier.
REVENU_MAX = Decimal("10000000")


def arrondi(montant: Decimal) -> Decimal:
    """Euros to the cent, half up (as a treasury rounds)."""
    return montant.quantize(CENT, rounding=ROUND_HALF_UP)


class QuotientFamilial(models.Model):
    """The QF of a foyer from a date. From the CAF list, or computed by staff from the avis
    d'imposition (revenu fiscal de référence / 12 / nombre de parts). No QF: highest bracket."""

    SOURCE_CAF = "CAF"
    SOURCE_AVIS = "avis d'imposition"

    foyer = models.ForeignKey(
        "dossiers.Foyer",
        verbose_name="compte famille",
        on_delete=models.CASCADE,
        related_name="quotients",
    )
    valeur = models.DecimalField(
        "quotient familial (€)",
        max_digits=8,
        decimal_places=2,
        validators=[POSITIF],
        blank=True,
        help_text="Calculé quand le revenu fiscal et le nombre de parts sont saisis.",
    )
    debut = models.DateField("valable à partir du")
    source = models.CharField(
        "source", max_length=30, default=SOURCE_CAF, help_text="CAF, MSA, avis d'imposition…"
    )
    revenu_fiscal = models.DecimalField(
        "revenu fiscal de référence (€)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Avis d'imposition : le quotient est calculé (revenu / 12 / nombre de parts).",
    )
    nombre_parts = models.DecimalField(
        "nombre de parts", max_digits=4, decimal_places=2, null=True, blank=True
    )
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisi par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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

    @staticmethod
    def calculer(revenu_fiscal: Decimal, nombre_parts: Decimal) -> Decimal:
        """The monthly QF of an avis d'imposition."""
        return arrondi(Decimal(revenu_fiscal) / 12 / Decimal(nombre_parts))

    def clean(self) -> None:
        if self.revenu_fiscal is None and self.nombre_parts is None:
            if self.valeur is None:
                raise ValidationError({"valeur": "Indiquez le quotient familial."})
            return
        erreurs = {}
        if self.revenu_fiscal is None:
            erreurs["revenu_fiscal"] = "Indiquez le revenu fiscal de référence de l'avis."
        elif self.revenu_fiscal < 0 or self.revenu_fiscal > REVENU_MAX:
            erreurs["revenu_fiscal"] = (
                "Ce revenu fiscal de référence est impossible : vérifiez le montant de l'avis "
                "d'imposition (entre 0 et 10 000 000 €)."
            )
        if self.nombre_parts is None:
            erreurs["nombre_parts"] = "Indiquez le nombre de parts de l'avis."
        elif self.nombre_parts <= 0:
            erreurs["nombre_parts"] = "Le nombre de parts doit être supérieur à zéro."
        elif self.nombre_parts > 20:
            erreurs["nombre_parts"] = "Ce nombre de parts est impossible (20 au plus)."
        if erreurs:
            raise ValidationError(erreurs)
        self.valeur = self.calculer(self.revenu_fiscal, self.nombre_parts)
        if self.source == self.SOURCE_CAF:
            self.source = self.SOURCE_AVIS


class Tarif(models.Model):
    """Price of one unit of a service for a bracket of quotient familial, residents or not,
    between two dates; optionally reduced from the second child of the foyer."""

    prestation = models.ForeignKey(
        "reservations.Prestation",
        verbose_name="prestation",
        on_delete=models.CASCADE,
        related_name="tarifs",
    )
    qf_min = models.DecimalField(
        "QF à partir de (€)",
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[POSITIF],
    )
    qf_max = models.DecimalField(
        "QF jusqu'à (€)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    prix = models.DecimalField(
        "prix unitaire (€)", max_digits=7, decimal_places=2, validators=[POSITIF]
    )
    hors_commune = models.BooleanField("tarif hors commune", default=False)
    debut = models.DateField("applicable à partir du")
    fin = models.DateField("jusqu'au", null=True, blank=True, help_text="Vide : sans fin.")
    reduction_fratrie = models.DecimalField(
        "réduction à partir du 2e enfant (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[POSITIF, POURCENT_MAX],
        help_text="Appliquée au 2e enfant du foyer et aux suivants, le même jour.",
    )

    class Meta:
        verbose_name = "tarif"
        verbose_name_plural = "tarifs"
        ordering = ["prestation", "debut", "qf_min"]

    def __str__(self) -> str:
        return f"{self.prestation} : {self.prix} € ({self.tranche})"

    @property
    def tranche(self) -> str:
        def e(v):
            return f"{v:.2f}".replace(".", ",")

        if self.qf_max is None:
            return f"QF à partir de {e(self.qf_min)} €"
        return f"QF de {e(self.qf_min)} à {e(self.qf_max)} €"

    def prix_pour_rang(self, rang: int) -> Decimal:
        """Unit price of the foyer's child of this rank (1 = first) on a day."""
        if rang >= 2 and self.reduction_fratrie:
            return arrondi(self.prix * (100 - self.reduction_fratrie) / 100)
        return self.prix

    def chevauchements(self):
        """Tariffs of the same prestation and residency whose bracket and dates meet this one."""
        autres = Tarif.objects.filter(
            prestation_id=self.prestation_id, hors_commune=self.hors_commune
        )
        if self.pk:
            autres = autres.exclude(pk=self.pk)
        autres = autres.filter(Q(fin__isnull=True) | Q(fin__gte=self.debut))
        if self.fin is not None:
            autres = autres.filter(debut__lte=self.fin)
        autres = autres.filter(Q(qf_max__isnull=True) | Q(qf_max__gte=self.qf_min))
        if self.qf_max is not None:
            autres = autres.filter(qf_min__lte=self.qf_max)
        return autres

    def clean(self) -> None:
        erreurs = {}
        if self.fin is not None and self.debut is not None and self.fin < self.debut:
            erreurs["fin"] = "La fin du tarif précède son début."
        if self.qf_max is not None and self.qf_min is not None and self.qf_max < self.qf_min:
            erreurs["qf_max"] = "Le haut de la tranche est plus petit que son bas."
        if erreurs:
            raise ValidationError(erreurs)
        if self.prestation_id and self.debut and self.qf_min is not None:
            autre = self.chevauchements().first()
            if autre is not None:
                fin = f"{autre.fin:%d/%m/%Y}" if autre.fin else "sans fin"
                raise ValidationError(
                    {
                        "debut": "Ce tarif chevauche un autre tarif de la même prestation "
                        f"({autre.tranche}, du {autre.debut:%d/%m/%Y} au {fin}). Donnez une "
                        "date de fin à l'ancien tarif ou changez la tranche."
                    }
                )


class ReglesFacturation(models.Model):
    """How one prestation is billed. Without a row: « à la réservation », and the category of
    its type (meals for the canteen, childcare otherwise)."""

    class Mode(models.TextChoices):
        RESERVATION = "reservation", "À la réservation"
        POINTAGE = "pointage", "Au pointage"

    class Categorie(models.TextChoices):
        GARDE = "garde", "Garde"
        REPAS = "repas", "Repas"

    prestation = models.OneToOneField(
        "reservations.Prestation",
        verbose_name="prestation",
        on_delete=models.CASCADE,
        related_name="regles_facturation",
    )
    mode = models.CharField(
        "facturation", max_length=12, choices=Mode.choices, default=Mode.RESERVATION
    )
    categorie = models.CharField(
        "catégorie",
        max_length=10,
        choices=Categorie.choices,
        help_text="L'attestation fiscale des frais de garde ne compte que la garde.",
    )

    class Meta:
        verbose_name = "règles de facturation"
        verbose_name_plural = "règles de facturation"

    def __str__(self) -> str:
        return f"{self.prestation} : {self.get_mode_display()}"

    @classmethod
    def par_defaut(cls, prestation) -> ReglesFacturation:
        repas = prestation.type == "restauration"
        return cls(
            prestation=prestation,
            mode=cls.Mode.RESERVATION,
            categorie=cls.Categorie.REPAS if repas else cls.Categorie.GARDE,
        )


class ParametresFacturation(models.Model):
    """The modifiers and reminder threshold of one structure (each structure is its régie)."""

    class Majoration(models.TextChoices):
        POURCENT = "pourcent", "Pourcentage du prix"
        FIXE = "fixe", "Montant fixe (€)"

    structure = models.OneToOneField(
        "comptes.Structure",
        verbose_name="structure",
        on_delete=models.CASCADE,
        related_name="parametres_facturation",
    )
    absence_justifiee = models.DecimalField(
        "absence justifiée facturée (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[POSITIF, POURCENT_MAX],
    )
    absence_non_justifiee = models.DecimalField(
        "absence non justifiée facturée (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        validators=[POSITIF, POURCENT_MAX],
    )
    non_prevu_type = models.CharField(
        "majoration présent non prévu",
        max_length=10,
        choices=Majoration.choices,
        default=Majoration.POURCENT,
    )
    non_prevu_valeur = models.DecimalField(
        "valeur de la majoration présent non prévu",
        max_digits=7,
        decimal_places=2,
        default=Decimal("20"),
        validators=[POSITIF],
    )
    tardive_type = models.CharField(
        "majoration réservation tardive (par le service)",
        max_length=10,
        choices=Majoration.choices,
        default=Majoration.POURCENT,
    )
    tardive_valeur = models.DecimalField(
        "valeur de la majoration réservation tardive",
        max_digits=7,
        decimal_places=2,
        default=Decimal("10"),
        validators=[POSITIF],
    )
    seuil_relance = models.DecimalField(
        "relance par e-mail au-delà d'un impayé de (€)",
        max_digits=9,
        decimal_places=2,
        default=Decimal("50"),
        validators=[POSITIF],
    )
    periode_relance_jours = models.PositiveSmallIntegerField(
        "une relance au plus tous les (jours)", default=30
    )

    class Meta:
        verbose_name = "paramètres de facturation"
        verbose_name_plural = "paramètres de facturation"

    def __str__(self) -> str:
        return f"Facturation — {self.structure}"

    @classmethod
    def de(cls, structure_id: int) -> ParametresFacturation:
        """The structure's settings, or the defaults (not saved) when staff set none."""
        return cls.objects.filter(structure_id=structure_id).first() or cls(
            structure_id=structure_id
        )

    def majoration(self, type_: str, valeur: Decimal, prix: Decimal) -> Decimal:
        if type_ == self.Majoration.FIXE:
            return valeur
        return arrondi(prix * valeur / 100)

    def clean(self) -> None:
        for champ in ("non_prevu", "tardive"):
            type_ = getattr(self, f"{champ}_type")
            valeur = getattr(self, f"{champ}_valeur")
            if type_ == self.Majoration.POURCENT and valeur is not None and valeur > 1000:
                raise ValidationError(
                    {f"{champ}_valeur": "Une majoration de plus de 1000 % est impossible."}
                )
