"""What staff imported: each uploaded file, its analysis, its outcome (the import history),
and the last header mapping chosen for each kind of import."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models


def private_storage():
    return storages["private"]


def nom_fichier_import(instance: ImportFichier, filename: str) -> str:
    # The uploaded name may hold personal data (a family name): it never reaches the disk.
    return f"imports/{secrets.token_urlsafe(24)}"


class TypeImport(models.TextChoices):
    INSCRIPTIONS = "inscriptions", "Inscriptions scolaires (comptes famille et enfants)"
    TARIFS = "tarifs", "Tarifs"
    FERMETURES = "fermetures", "Fermetures"
    QUOTIENTS = "quotients", "Quotients familiaux (liste CAF)"


class ImportFichier(models.Model):
    """One uploaded file, from upload to result. Read-only in the admin: it is the history."""

    class Statut(models.TextChoices):
        RECU = "recu", "Fichier reçu, colonnes à associer"
        ANALYSE = "analyse", "Analyse en cours"
        APERCU = "apercu", "Aperçu prêt, en attente de confirmation"
        EN_COURS = "en_cours", "Import en cours"
        TERMINE = "termine", "Importé"
        REFUSE = "refuse", "Refusé (erreurs dans le fichier)"
        ECHEC = "echec", "Échec"
        ANNULE = "annule", "Annulé"

    type = models.CharField("type d'import", max_length=20, choices=TypeImport.choices)
    statut = models.CharField(
        "statut", max_length=10, choices=Statut.choices, default=Statut.RECU, db_index=True
    )
    fichier = models.FileField(
        "fichier", storage=private_storage, upload_to=nom_fichier_import, max_length=200
    )
    nom_original = models.CharField("nom du fichier", max_length=255)
    taille = models.PositiveIntegerField("taille (octets)", default=0)
    encodage = models.CharField("encodage détecté", max_length=20, blank=True)
    correspondance = models.JSONField(
        "correspondance des colonnes", default=dict, blank=True, help_text="{champ: en-tête}"
    )
    seulement_valides = models.BooleanField("importer seulement les lignes valides", default=False)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="importé par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cree_le = models.DateTimeField("téléversé le", auto_now_add=True, db_index=True)
    confirme_le = models.DateTimeField("confirmé le", null=True, blank=True)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)
    total_lignes = models.PositiveIntegerField("lignes", default=0)
    lignes_traitees = models.PositiveIntegerField("lignes traitées", default=0)
    lignes_creees = models.PositiveIntegerField("créations", default=0)
    lignes_modifiees = models.PositiveIntegerField("modifications", default=0)
    lignes_inchangees = models.PositiveIntegerField("inchangées", default=0)
    lignes_en_erreur = models.PositiveIntegerField("lignes en erreur", default=0)
    statistiques = models.JSONField("détail", default=dict, blank=True)
    erreur_fichier = models.TextField("erreur", blank=True)
    avertissements = models.JSONField(
        "avertissements",
        default=list,
        blank=True,
        help_text="Ce que l'import perdrait : colonnes d'adresses non associées…",
    )
    inconnus = models.JSONField(
        "écoles et classes inconnues",
        default=dict,
        blank=True,
        help_text="{ecoles: [nom], classes: [[école (id), nom de l'école, classe]]}",
    )
    apercu = models.JSONField(
        "aperçu ligne par ligne",
        default=list,
        blank=True,
        help_text="[{n: ligne, a: action, d: [détails], e: [erreurs]}]",
    )
    comptes_crees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="comptes créés",
        blank=True,
        related_name="+",
        help_text="Leurs courriers d'identifiants leur donnent le mot de passe initial.",
    )

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "imports"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} — {self.nom_original}"

    @property
    def progression(self) -> int:
        if not self.total_lignes:
            return 0
        return min(100, round(100 * self.lignes_traitees / self.total_lignes))

    @property
    def en_attente(self) -> bool:
        return self.statut in (self.Statut.ANALYSE, self.Statut.EN_COURS)


class CorrespondanceColonnes(models.Model):
    """The mapping staff chose last time for a kind of import: proposed again next time."""

    type = models.CharField("type d'import", max_length=20, choices=TypeImport.choices, unique=True)
    correspondance = models.JSONField("correspondance", default=dict)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "correspondance de colonnes"
        verbose_name_plural = "correspondances de colonnes"

    def __str__(self) -> str:
        return self.get_type_display()


class CorrespondanceEcole(models.Model):
    """A school name of the registration files that the portal knows under another name
    (« Ecole J. Ferry » → « École élémentaire Jules-Ferry »): used by every later import."""

    nom = models.CharField("nom dans le fichier", max_length=150)
    nom_normalise = models.CharField(max_length=150, unique=True, editable=False)
    ecole = models.ForeignKey(
        "dossiers.Ecole",
        verbose_name="école du portail",
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = "correspondance d'école"
        verbose_name_plural = "correspondances d'écoles"

    def __str__(self) -> str:
        return f"{self.nom} → {self.ecole}"

    def save(self, *args, **kwargs):
        from .champs import normaliser

        self.nom_normalise = normaliser(self.nom)
        super().save(*args, **kwargs)


class CorrespondanceClasse(models.Model):
    """A class name of the registration files mapped to a class of the same school."""

    ecole = models.ForeignKey(
        "dossiers.Ecole", verbose_name="école", on_delete=models.CASCADE, related_name="+"
    )
    nom = models.CharField("nom dans le fichier", max_length=50)
    nom_normalise = models.CharField(max_length=50, editable=False)
    classe = models.ForeignKey(
        "dossiers.Classe",
        verbose_name="classe du portail",
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = "correspondance de classe"
        verbose_name_plural = "correspondances de classes"
        constraints = [
            models.UniqueConstraint(
                fields=["ecole", "nom_normalise"], name="correspondance_classe_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.nom} → {self.classe}"

    def save(self, *args, **kwargs):
        from .champs import normaliser

        self.nom_normalise = normaliser(self.nom)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.classe_id and self.ecole_id and self.classe.ecole_id != self.ecole_id:
            raise ValidationError({"classe": "Choisissez une classe de cette école."})
