"""The Compte Famille: a foyer with its titulaire, its children and the custody rule of each
child link. A separated family is two foyers linked to the same children."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from famille.comptes.chiffres import chiffres, valider_code_postal


class Ecole(models.Model):
    nom = models.CharField("nom", max_length=150)
    structure = models.ForeignKey(
        "comptes.Structure",
        verbose_name="structure",
        on_delete=models.PROTECT,
        related_name="ecoles",
    )
    adresse = models.CharField("adresse", max_length=255, blank=True)

    class Meta:
        verbose_name = "école"
        verbose_name_plural = "écoles"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class Classe(models.Model):
    ecole = models.ForeignKey(
        Ecole, verbose_name="école", on_delete=models.CASCADE, related_name="classes"
    )
    nom = models.CharField("classe", max_length=50, help_text="Par exemple : CP, CE1-CE2, MS.")

    class Meta:
        verbose_name = "classe"
        verbose_name_plural = "classes"
        ordering = ["ecole__nom", "nom"]
        constraints = [
            models.UniqueConstraint(fields=["ecole", "nom"], name="classe_unique_par_ecole")
        ]

    def __str__(self) -> str:
        return f"{self.nom} — {self.ecole}"


class Foyer(models.Model):
    """A Compte Famille. Its titulaire logs in; its address, e-mails and ledger are its own."""

    class Situation(models.TextChoices):
        MARIES = "maries", "Mariés"
        PACSES = "pacses", "Pacsés"
        VIE_MARITALE = "vie_maritale", "Vie maritale"
        CELIBATAIRE = "celibataire", "Célibataire"
        SEPARES = "separes", "Séparés"
        DIVORCES = "divorces", "Divorcés"
        VEUF = "veuf", "Veuf ou veuve"

    class Regime(models.TextChoices):
        CAF = "caf", "CAF"
        MSA = "msa", "MSA"
        AUTRE = "autre", "Autre régime"
        AUCUN = "aucun", "Non allocataire"

    numero = models.CharField("numéro de famille", max_length=30, unique=True)
    titulaire = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="titulaire",
        on_delete=models.PROTECT,
        related_name="foyer",
    )
    adresse = models.CharField("adresse", max_length=255, blank=True)
    complement_adresse = models.CharField("complément d'adresse", max_length=255, blank=True)
    code_postal = models.CharField(
        "code postal", max_length=10, blank=True, validators=[valider_code_postal]
    )
    ville = models.CharField("ville", max_length=100, blank=True)
    telephone = models.CharField("téléphone principal", max_length=30, blank=True)
    telephone_secours = models.CharField("autre téléphone", max_length=30, blank=True)
    situation = models.CharField(
        "situation familiale", max_length=20, choices=Situation.choices, blank=True
    )
    nombre_enfants = models.PositiveSmallIntegerField(
        "nombre d'enfants à charge",
        null=True,
        blank=True,
        # The page says « 20 au plus » (its input's max): the server says it too.
        validators=[MaxValueValidator(20, "Indiquez 20 enfants au plus.")],
    )
    regime = models.CharField(
        "régime d'allocations", max_length=10, choices=Regime.choices, blank=True
    )
    numero_allocataire = models.CharField("numéro d'allocataire", max_length=30, blank=True)
    reside_commune = models.BooleanField("réside dans la commune", default=True)
    dossier_papier = models.BooleanField(
        "dossier papier",
        default=False,
        help_text="Famille sans accès à internet : le service Éducation saisit son dossier.",
    )
    enfants = models.ManyToManyField("Enfant", through="Garde", related_name="foyers")
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    # Names (titulaire, responsables, children), e-mails, phones and number without accents,
    # case or hyphens, kept up to date on save (services/recherche.py): the admin's search.
    recherche = models.TextField("texte de recherche", blank=True, default="", editable=False)

    class Meta:
        verbose_name = "compte famille"
        verbose_name_plural = "comptes famille"
        ordering = ["numero"]

    def __str__(self) -> str:
        return f"{self.numero} — {self.titulaire.get_full_name()}"


class Enfant(ClusterableModel):
    """A child; staff edit its custody links (gardes) inline, hence a cluster."""

    class Sexe(models.TextChoices):
        FILLE = "F", "Fille"
        GARCON = "M", "Garçon"

    nom = models.CharField("nom", max_length=100)
    prenom = models.CharField("prénom", max_length=100)
    date_naissance = models.DateField("date de naissance")
    sexe = models.CharField("sexe", max_length=1, choices=Sexe.choices, blank=True)
    ecole = models.ForeignKey(
        Ecole,
        verbose_name="école",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enfants",
    )
    classe = models.ForeignKey(
        Classe,
        verbose_name="classe",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enfants",
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    # The child's names and its families' names, e-mails, phones (see Foyer.recherche).
    recherche = models.TextField("texte de recherche", blank=True, default="", editable=False)

    class Meta:
        verbose_name = "enfant"
        verbose_name_plural = "enfants"
        ordering = ["nom", "prenom"]

    def __str__(self) -> str:
        return f"{self.prenom} {self.nom}"


class Garde(ClusterableModel):
    """The link between a foyer and a child, with the days this foyer has the child."""

    class Regle(models.TextChoices):
        TOUJOURS = "toujours", "Tout le temps"
        SEMAINES_PAIRES = "paires", "Semaines paires"
        SEMAINES_IMPAIRES = "impaires", "Semaines impaires"
        JOURS = "jours", "Certains jours de la semaine"
        PERIODES = "periodes", "Périodes datées"

    foyer = models.ForeignKey(
        Foyer, verbose_name="compte famille", on_delete=models.CASCADE, related_name="gardes"
    )
    enfant = ParentalKey(
        Enfant, verbose_name="enfant", on_delete=models.CASCADE, related_name="gardes"
    )
    regle = models.CharField("garde", max_length=10, choices=Regle.choices, default=Regle.TOUJOURS)
    jours = models.CharField(
        "jours de garde",
        max_length=20,
        blank=True,
        help_text="Pour la règle « Certains jours de la semaine » : cochez les jours de garde.",
    )

    class Meta:
        verbose_name = "garde"
        verbose_name_plural = "gardes"
        constraints = [models.UniqueConstraint(fields=["foyer", "enfant"], name="garde_unique")]

    def __str__(self) -> str:
        return f"{self.enfant} — {self.foyer} ({self.get_regle_display()})"

    @property
    def jours_iso(self) -> set[int]:
        return {int(j) for j in self.jours.split(",") if chiffres(j.strip())}

    def clean(self) -> None:
        morceaux = [j.strip() for j in self.jours.split(",") if j.strip()]
        if any(not chiffres(j) or not 1 <= int(j) <= 7 for j in morceaux):
            raise ValidationError(
                {"jours": "Choisissez des jours de la semaine, du lundi au dimanche."}
            )
        if self.regle == self.Regle.JOURS and not morceaux:
            raise ValidationError({"jours": "Cochez au moins un jour de garde."})


class PeriodeGarde(models.Model):
    garde = ParentalKey(Garde, on_delete=models.CASCADE, related_name="periodes")
    debut = models.DateField("du")
    fin = models.DateField("au")

    class Meta:
        verbose_name = "période de garde"
        verbose_name_plural = "périodes de garde"
        ordering = ["debut"]

    def __str__(self) -> str:
        return f"{self.debut:%d/%m/%Y} – {self.fin:%d/%m/%Y}"

    def clean(self) -> None:
        if self.debut and self.fin and self.fin < self.debut:
            raise ValidationError({"fin": "La fin de la période précède son début."})


class ResponsableLegal(models.Model):
    class Lien(models.TextChoices):
        MERE = "mere", "Mère"
        PERE = "pere", "Père"
        TUTEUR = "tuteur", "Tuteur ou tutrice"
        AUTRE = "autre", "Autre"

    foyer = models.ForeignKey(
        Foyer, verbose_name="compte famille", on_delete=models.CASCADE, related_name="responsables"
    )
    nom = models.CharField("nom", max_length=100)
    prenom = models.CharField("prénom", max_length=100)
    lien = models.CharField("lien avec les enfants", max_length=10, choices=Lien.choices)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    telephone_travail = models.CharField("téléphone professionnel", max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    profession = models.CharField("profession", max_length=100, blank=True)
    employeur = models.CharField("employeur", max_length=150, blank=True)
    adresse = models.CharField("adresse si différente du foyer", max_length=255, blank=True)
    enfants = models.ManyToManyField(
        Enfant, verbose_name="enfants", blank=True, related_name="responsables"
    )

    class Meta:
        verbose_name = "responsable légal"
        verbose_name_plural = "responsables légaux"
        ordering = ["nom", "prenom"]

    def __str__(self) -> str:
        return f"{self.prenom} {self.nom}"


class PassageAnnee(models.Model):
    """The roll-over of classes done for a school year: one row per year, so that running it
    twice changes nothing the second time (famille.dossiers.services.classes)."""

    annee_scolaire = models.CharField(
        "année scolaire",
        max_length=9,
        unique=True,
        help_text="La nouvelle année, par exemple 2027-2028.",
    )
    fait_le = models.DateTimeField("fait le", auto_now_add=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="fait par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enfants_passes = models.PositiveIntegerField("enfants passés en classe supérieure", default=0)
    enfants_sortis = models.PositiveIntegerField("enfants sortis de leur école", default=0)
    enfants_inchanges = models.PositiveIntegerField(
        "enfants d'une classe sans niveau connu", default=0
    )

    class Meta:
        verbose_name = "passage à l'année supérieure"
        verbose_name_plural = "passages à l'année supérieure"
        ordering = ["-annee_scolaire"]

    def __str__(self) -> str:
        return f"Passage à l'année supérieure {self.annee_scolaire}"
