"""Services, closures, booking periods and bookings. The booking rules themselves (deadlines,
capacity under row locks, custody) come with the reservations issue, in services.py."""

from __future__ import annotations

from django.db import models


class Prestation(models.Model):
    """A service a structure runs: restauration, accueil du matin, du soir, centre de loisirs."""

    class Type(models.TextChoices):
        RESTAURATION = "restauration", "Restauration scolaire"
        ACCUEIL_MATIN = "matin", "Accueil du matin"
        ACCUEIL_SOIR = "soir", "Accueil du soir"
        MERCREDI = "mercredi", "Centre de loisirs du mercredi"
        VACANCES = "vacances", "Centre de loisirs des vacances"

    structure = models.ForeignKey(
        "comptes.Structure",
        verbose_name="structure",
        on_delete=models.PROTECT,
        related_name="prestations",
    )
    nom = models.CharField("nom", max_length=100)
    code = models.SlugField("code", max_length=30)
    type = models.CharField("type", max_length=15, choices=Type.choices)
    jours = models.CharField(
        "jours d'ouverture",
        max_length=20,
        default="1,2,4,5",
        help_text="Jours ISO : 1 = lundi … 7 = dimanche.",
    )
    capacite = models.PositiveIntegerField("places par jour", null=True, blank=True)
    delai_reservation_jours = models.PositiveSmallIntegerField(
        "délai de réservation (jours)",
        default=3,
        help_text="Réserver ou annuler au moins N jours avant.",
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    active = models.BooleanField("active", default=True)

    class Meta:
        verbose_name = "prestation"
        verbose_name_plural = "prestations"
        ordering = ["structure", "ordre", "nom"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "code"], name="prestation_code_unique")
        ]

    def __str__(self) -> str:
        return self.nom


class Fermeture(models.Model):
    """Days a structure's services are closed (holidays, teachers' strike, bridge days)."""

    structure = models.ForeignKey(
        "comptes.Structure",
        verbose_name="structure",
        on_delete=models.CASCADE,
        related_name="fermetures",
    )
    debut = models.DateField("du")
    fin = models.DateField("au")
    motif = models.CharField("motif", max_length=150)
    prestations = models.ManyToManyField(
        Prestation, verbose_name="prestations fermées", blank=True, help_text="Aucune : toutes."
    )

    class Meta:
        verbose_name = "fermeture"
        verbose_name_plural = "fermetures"
        ordering = ["debut"]

    def __str__(self) -> str:
        return f"{self.motif} ({self.debut:%d/%m/%Y} – {self.fin:%d/%m/%Y})"


class PeriodeReservation(models.Model):
    """« Je réserve pour la période du 2 septembre au 22 octobre à partir du lundi 23 août »."""

    structure = models.ForeignKey(
        "comptes.Structure",
        verbose_name="structure",
        on_delete=models.CASCADE,
        related_name="periodes",
    )
    nom = models.CharField("nom", max_length=100)
    debut = models.DateField("premier jour réservable")
    fin = models.DateField("dernier jour réservable")
    ouverture = models.DateTimeField("réservations ouvertes à partir du")
    prestations = models.ManyToManyField(
        Prestation, verbose_name="prestations", related_name="periodes"
    )

    class Meta:
        verbose_name = "période de réservation"
        verbose_name_plural = "périodes de réservation"
        ordering = ["debut"]

    def __str__(self) -> str:
        return self.nom


class Reservation(models.Model):
    class Statut(models.TextChoices):
        RESERVEE = "reservee", "Réservée"
        ANNULEE = "annulee", "Annulée"
        ATTENTE = "attente", "Liste d'attente"

    foyer = models.ForeignKey(
        "dossiers.Foyer",
        verbose_name="compte famille",
        on_delete=models.PROTECT,
        related_name="reservations",
    )
    enfant = models.ForeignKey(
        "dossiers.Enfant",
        verbose_name="enfant",
        on_delete=models.PROTECT,
        related_name="reservations",
    )
    prestation = models.ForeignKey(
        Prestation, verbose_name="prestation", on_delete=models.PROTECT, related_name="reservations"
    )
    date = models.DateField("jour", db_index=True)
    statut = models.CharField(
        "statut", max_length=10, choices=Statut.choices, default=Statut.RESERVEE
    )
    cree_le = models.DateTimeField("réservée le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "réservation"
        verbose_name_plural = "réservations"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["enfant", "prestation", "date"],
                condition=~models.Q(statut="annulee"),
                name="reservation_unique_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enfant} — {self.prestation} — {self.date:%d/%m/%Y}"


# The tab page and the iCalendar token live in their own modules; imported here so that Django
# registers them with this app.
from .models_ical import JetonCalendrier  # noqa: E402, F401
from .pages import ReservationsPage  # noqa: E402, F401
