"""The people who log in (parents and staff), the structures they are known to, the consents
they gave and the security events of their accounts."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Lower
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

EMAILS_MAX = 1000
ADRESSE_STRUCTURE_MAX = 500


class Structure(models.Model):
    """A service provider hosted by the portal: the town's periscolar service, a leisure
    centre, another town. Each has its own services, règlement, balance and payments."""

    nom = models.CharField("nom", max_length=150)
    slug = models.SlugField("code", unique=True)
    commune = models.CharField("commune", max_length=100)
    # Bounded like every text a form or an import writes (issue 8): letters print it.
    adresse = models.TextField(
        "adresse",
        blank=True,
        max_length=ADRESSE_STRUCTURE_MAX,
        validators=[MaxLengthValidator(ADRESSE_STRUCTURE_MAX)],
    )
    reglement_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="page du règlement intérieur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    # The school holidays of this zone close the school-time services and open the holiday
    # centre (famille/reservations/services/calendrier.py). Cestas, in Bordeaux's académie: A.
    zone_vacances = models.CharField(
        "zone de vacances scolaires",
        max_length=1,
        choices=[("A", "Zone A"), ("B", "Zone B"), ("C", "Zone C")],
        default="A",
    )

    class Meta:
        verbose_name = "structure"
        verbose_name_plural = "structures"
        ordering = ["ordre", "nom"]

    def __str__(self) -> str:
        return self.nom


class CompteManager(UserManager):
    def get_by_natural_key(self, username: str) -> Compte:
        # The memo's identifiants are typed by parents: case must not matter.
        return self.get(username__iexact=username)


class Compte(AbstractUser):
    """Whoever logs in. A parent's account is the titulaire of a Compte Famille (a Foyer);
    staff are accounts with is_staff and Wagtail groups."""

    username = models.CharField(
        "identifiant",
        max_length=150,
        unique=True,
        help_text="Identifiant de connexion (par exemple le numéro de famille).",
        error_messages={"unique": "Un compte utilise déjà cet identifiant."},
    )
    # Five addresses at most (adresses.MAXIMUM_ADRESSES), each of an ordinary length: a
    # bound in the database too, so that no import or admin form stores a novel here.
    emails = models.CharField(
        "adresses e-mail",
        max_length=EMAILS_MAX,
        blank=True,
        help_text="Plusieurs adresses séparées par un point-virgule ; la première sert au paiement.",
    )
    mot_de_passe_initial = models.BooleanField(
        "mot de passe initial en attente",
        default=False,
        help_text="Le parent doit choisir son mot de passe personnel à sa prochaine connexion.",
    )
    mot_de_passe_change_le = models.DateTimeField("mot de passe changé le", null=True, blank=True)
    structures = models.ManyToManyField(
        Structure, verbose_name="structures", blank=True, related_name="comptes"
    )

    objects = CompteManager()

    class Meta:
        verbose_name = "compte"
        verbose_name_plural = "comptes"
        constraints = [
            models.UniqueConstraint(Lower("username"), name="compte_identifiant_unique_insensible"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def liste_emails(self) -> list[str]:
        return [e.strip() for e in self.emails.split(";") if e.strip()]

    @property
    def email_principal(self) -> str:
        emails = self.liste_emails
        return emails[0] if emails else self.email

    def save(self, *args, **kwargs) -> None:
        # Django's own e-mail field mirrors the first address, for password reset and Wagtail.
        if self.emails:
            self.email = self.email_principal
        super().save(*args, **kwargs)


@register_setting(icon="doc-full")
class DocumentsLegaux(BaseGenericSetting):
    """Which pages parents must read and accept at first login."""

    rgpd_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="page RGPD",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cgu_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="page des conditions générales d'utilisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "documents à accepter"


class Consentement(models.Model):
    """A parent ticked « j'ai pris connaissance » of one version of the RGPD or CGU page."""

    class Document(models.TextChoices):
        RGPD = "rgpd", "RGPD"
        CGU = "cgu", "Conditions générales d'utilisation"

    compte = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consentements"
    )
    document = models.CharField("document", max_length=10, choices=Document.choices)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.PROTECT, related_name="+")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.PROTECT, related_name="+"
    )
    accepte_le = models.DateTimeField("accepté le", auto_now_add=True)

    class Meta:
        verbose_name = "consentement"
        verbose_name_plural = "consentements"
        ordering = ["-accepte_le"]

    def __str__(self) -> str:
        return f"{self.get_document_display()} — {self.compte}"


class Evenement(models.Model):
    """Audit log of account security: logins, failures, password changes, consents."""

    # Not in Wagtail's reference index (« usage » of an account): a log line is no use of it,
    # and indexing each one cost two queries and a transaction per login.
    wagtail_reference_index_ignore = True

    class Type(models.TextChoices):
        CONNEXION = "connexion", "Connexion"
        ECHEC = "echec", "Échec de connexion"
        BLOCAGE = "blocage", "Compte bloqué temporairement"
        DECONNEXION = "deconnexion", "Déconnexion"
        MOT_DE_PASSE = "mot_de_passe", "Changement de mot de passe"
        REINITIALISATION_DEMANDEE = "reinit_demandee", "Demande de réinitialisation"
        REINITIALISATION = "reinit", "Mot de passe réinitialisé"
        CONSENTEMENT = "consentement", "Consentement"
        EMAILS = "emails", "Changement d'adresses e-mail"
        COURRIER = "courrier", "Courrier d'identifiants produit"

    type = models.CharField("événement", max_length=20, choices=Type.choices, db_index=True)
    compte = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evenements",
    )
    identifiant = models.CharField("identifiant saisi", max_length=150, blank=True)
    adresse_ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="fait par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    detail = models.CharField("détail", max_length=255, blank=True)
    date = models.DateTimeField("date", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "événement de sécurité"
        # Plural of one event (« 14 événements de sécurité »); the menu says « Journal de sécurité ».
        verbose_name_plural = "événements de sécurité"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} — {self.identifiant or self.compte}"


def _stockage_prive():
    from django.core.files.storage import storages

    return storages["private"]


def _nom_lot(instance, filename: str) -> str:
    import secrets

    return f"courriers/{secrets.token_urlsafe(24)}"


class LotCourriers(models.Model):
    """Identifiant letters for many accounts, made by a background task (each initial password
    costs an Argon2 hash: 300 letters do not fit in one HTTP request). The PDF holds readable
    passwords: it is kept in private storage, served to its author only, and can be deleted."""

    class Statut(models.TextChoices):
        ATTENTE = "attente", "En attente"
        EN_COURS = "en_cours", "Courriers en cours de production"
        PRET = "pret", "Fichier prêt"
        ECHEC = "echec", "Échec : aucun mot de passe n'a changé"
        SUPPRIME = "supprime", "Fichier supprimé"

    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Format(models.TextChoices):
        PDF = "pdf", "Courriers (PDF)"
        CSV = "csv", "Identifiants pour un publipostage (CSV)"

    comptes = models.JSONField("comptes", default=list, help_text="Identifiants (pk) des comptes.")
    format = models.CharField("format", max_length=3, choices=Format.choices, default=Format.PDF)
    statut = models.CharField(
        "statut", max_length=10, choices=Statut.choices, default=Statut.ATTENTE
    )
    total = models.PositiveIntegerField("courriers", default=0)
    faits = models.PositiveIntegerField("mots de passe préparés", default=0)
    fichier = models.FileField("fichier", storage=_stockage_prive, upload_to=_nom_lot, blank=True)
    cree_le = models.DateTimeField("demandé le", auto_now_add=True)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "lot de courriers d'identifiants"
        verbose_name_plural = "lots de courriers d'identifiants"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"{self.total} courriers d'identifiants du {self.cree_le:%d/%m/%Y}"

    @property
    def en_attente(self) -> bool:
        return self.statut in (self.Statut.ATTENTE, self.Statut.EN_COURS)

    @property
    def progression(self) -> int:
        return round(100 * self.faits / self.total) if self.total else 0
