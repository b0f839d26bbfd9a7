"""The fiches of the Dossier Famille that are not the foyer itself."""

from __future__ import annotations

from django.db import models

# Free text of a fiche (issue 8.4: 400,000 characters on a shared child made the other
# parent's « Mes données » PDF time out). Django's French message names the limit.
TEXTE_LIBRE_MAX = 2000


class Contact(models.Model):
    """Someone to call in an emergency and/or allowed to pick the child up."""

    enfant = models.ForeignKey(
        "Enfant", verbose_name="enfant", on_delete=models.CASCADE, related_name="contacts"
    )
    nom = models.CharField("nom", max_length=100)
    prenom = models.CharField("prénom", max_length=100)
    lien = models.CharField(
        "lien avec l'enfant", max_length=60, help_text="Par exemple : grand-mère, voisin."
    )
    telephone = models.CharField("téléphone", max_length=30)
    appeler_en_urgence = models.BooleanField("à appeler en cas d'urgence", default=True)
    peut_recuperer = models.BooleanField("autorisé à récupérer l'enfant", default=False)

    class Meta:
        verbose_name = "contact"
        verbose_name_plural = "contacts"
        ordering = ["nom", "prenom"]

    def __str__(self) -> str:
        return f"{self.prenom} {self.nom} ({self.lien})"


class Assurance(models.Model):
    foyer = models.ForeignKey(
        "Foyer", verbose_name="compte famille", on_delete=models.CASCADE, related_name="assurances"
    )
    campagne = models.ForeignKey(
        "Campagne",
        verbose_name="année scolaire",
        on_delete=models.PROTECT,
        related_name="assurances",
    )
    assureur = models.CharField("assureur", max_length=150)
    numero_contrat = models.CharField("numéro de contrat", max_length=60)
    debut = models.DateField("valable du")
    fin = models.DateField("valable jusqu'au")

    class Meta:
        verbose_name = "assurance"
        verbose_name_plural = "assurances"
        constraints = [
            models.UniqueConstraint(fields=["foyer", "campagne"], name="assurance_unique_par_annee")
        ]

    def __str__(self) -> str:
        return f"{self.assureur} n° {self.numero_contrat}"


class Autorisation(models.Model):
    enfant = models.OneToOneField(
        "Enfant", verbose_name="enfant", on_delete=models.CASCADE, related_name="autorisation"
    )
    photo_video = models.BooleanField(
        "photos et vidéos de l'enfant dans les activités", default=False
    )
    sortie_seul = models.BooleanField("quitter seul l'accueil", default=False)
    heure_sortie_seul = models.TimeField("à partir de", null=True, blank=True)
    transport_sorties = models.BooleanField("transport pour les sorties", default=False)
    soins_urgence = models.BooleanField("soins d'urgence et hospitalisation", default=False)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "autorisations"
        verbose_name_plural = "autorisations"

    def __str__(self) -> str:
        return f"Autorisations de {self.enfant}"


class FicheSante(models.Model):
    """Health data: a special category (RGPD art. 9). Private, readable by the family and the
    Éducation group only, every change logged."""

    class Regime(models.TextChoices):
        STANDARD = "standard", "Repas standard"
        SANS_PORC = "sans_porc", "Sans porc"
        SANS_VIANDE = "sans_viande", "Sans viande"
        VEGETARIEN = "vegetarien", "Végétarien"
        SANS_ALLERGENE = "sans_allergene", "Sans allergène (panier repas ou menu adapté)"

    enfant = models.OneToOneField(
        "Enfant", verbose_name="enfant", on_delete=models.CASCADE, related_name="fiche_sante"
    )
    medecin_nom = models.CharField("médecin traitant", max_length=150, blank=True)
    medecin_telephone = models.CharField("téléphone du médecin", max_length=30, blank=True)
    vaccin_dtp_date = models.DateField("dernier rappel DT-Polio", null=True, blank=True)
    vaccinations = models.TextField(
        "autres vaccinations (dates)",
        blank=True,
        max_length=TEXTE_LIBRE_MAX,
        help_text="Ou déposez les pages du carnet de santé dans les pièces justificatives.",
    )
    allergies = models.TextField("allergies", blank=True, max_length=TEXTE_LIBRE_MAX)
    pai = models.BooleanField("projet d'accueil individualisé (PAI)", default=False)
    regime = models.CharField(
        "régime alimentaire", max_length=20, choices=Regime.choices, default=Regime.STANDARD
    )
    # What the kitchen needs of a PAI (its counts, never its medical content): an adapted meal
    # it prepares, or a basket the family brings. Empty: the PAI does not concern the meal.
    repas_pai = models.CharField(
        "repas du PAI",
        max_length=10,
        choices=[
            ("adapte", "Repas adapté préparé par la cuisine"),
            ("panier", "Panier-repas apporté par la famille"),
        ],
        blank=True,
        default="",
        help_text="Seulement si le PAI concerne le repas.",
    )
    besoins_particuliers = models.BooleanField(
        "besoins particuliers (handicap, accompagnement)",
        default=False,
        help_text="Indiquez seulement les adaptations utiles à l'équipe, sans préciser la nature du handicap.",
    )
    adaptations = models.TextField("adaptations utiles", blank=True, max_length=TEXTE_LIBRE_MAX)
    remarques = models.TextField("remarques pour l'équipe", blank=True, max_length=TEXTE_LIBRE_MAX)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "fiche santé"
        verbose_name_plural = "fiches santé"

    def __str__(self) -> str:
        return f"Fiche santé de {self.enfant}"
