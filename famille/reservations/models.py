"""Services (prestations) and their deadline rules, closures, booking periods, bookings with
their waiting list, the per-day capacity rows locked when booking, and the counter's journal.
The rules themselves live in services/ (one module per capability)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from famille.comptes.chiffres import chiffres


class RegleDelai(models.TextChoices):
    """How a deadline is counted back from the day booked (services/delais.py computes it)."""

    JOURS_CALENDAIRES = "calendaires", "N jours calendaires avant, à l'heure limite"
    JOURS_OUVRES = "ouvres", "N jours ouvrés avant, à l'heure limite"
    SEMAINE_PRECEDENTE = "semaine", "Tel jour de la semaine précédente, à l'heure limite"


class JourSemaine(models.IntegerChoices):
    LUNDI = 1, "lundi"
    MARDI = 2, "mardi"
    MERCREDI = 3, "mercredi"
    JEUDI = 4, "jeudi"
    VENDREDI = 5, "vendredi"
    SAMEDI = 6, "samedi"
    DIMANCHE = 7, "dimanche"


class Prestation(models.Model):
    """A service a structure runs: restauration, accueil du matin, du soir, centre de loisirs.

    Each bookable and countable unit is its own prestation: the Wednesday centre's day,
    morning with meal and afternoon without meal are three prestations of the « mercredi »
    types, each with its `repas` flag, so each is booked, capped and billed on its own."""

    class Type(models.TextChoices):
        RESTAURATION = "restauration", "Restauration scolaire"
        ACCUEIL_MATIN = "matin", "Accueil du matin"
        ACCUEIL_SOIR = "soir", "Accueil du soir"
        MERCREDI = "mercredi", "Centre de loisirs du mercredi (journée)"
        MERCREDI_MATIN = "mercredi_matin", "Centre de loisirs du mercredi (matinée)"
        MERCREDI_APRES_MIDI = "mercredi_am", "Centre de loisirs du mercredi (après-midi)"
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
    repas = models.BooleanField("avec repas", default=False)
    jours = models.CharField(
        "jours d'ouverture",
        max_length=20,
        default="1,2,4,5",
        help_text="Jours ISO : 1 = lundi … 7 = dimanche.",
    )
    capacite = models.PositiveIntegerField(
        "places par jour",
        null=True,
        blank=True,
        help_text="Vide : sans limite. Un jour donné peut avoir sa propre capacité.",
    )
    ecoles = models.ManyToManyField(
        "dossiers.Ecole",
        verbose_name="réservée aux écoles",
        blank=True,
        related_name="prestations",
        help_text="Aucune : toutes les écoles.",
    )
    classes = models.ManyToManyField(
        "dossiers.Classe",
        verbose_name="réservée aux classes",
        blank=True,
        related_name="prestations",
        help_text="Aucune : toutes les classes.",
    )
    age_min = models.PositiveSmallIntegerField("âge minimum (ans)", null=True, blank=True)
    age_max = models.PositiveSmallIntegerField("âge maximum (ans)", null=True, blank=True)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    active = models.BooleanField("active", default=True)

    # Two deadline rules stored as data: one to book, one to cancel.
    reservation_regle = models.CharField(
        "Réservation : règle",
        max_length=12,
        choices=RegleDelai.choices,
        default=RegleDelai.JOURS_CALENDAIRES,
    )
    reservation_nombre = models.PositiveSmallIntegerField(
        "Réservation : nombre de jours",
        default=3,
        validators=[MaxValueValidator(60)],
        help_text="0 : le jour même. Ignoré pour « semaine précédente ».",
    )
    reservation_heure = models.TimeField(
        "Réservation : heure limite", default=datetime.time(23, 59)
    )
    reservation_jour = models.PositiveSmallIntegerField(
        "Réservation : jour de la semaine précédente",
        choices=JourSemaine.choices,
        null=True,
        blank=True,
        help_text="Pour « semaine précédente » : par exemple mardi.",
    )
    annulation_regle = models.CharField(
        "Annulation : règle",
        max_length=12,
        choices=RegleDelai.choices,
        default=RegleDelai.JOURS_CALENDAIRES,
    )
    annulation_nombre = models.PositiveSmallIntegerField(
        "Annulation : nombre de jours",
        default=3,
        validators=[MaxValueValidator(60)],
        help_text="0 : le jour même. Ignoré pour « semaine précédente ».",
    )
    annulation_heure = models.TimeField("Annulation : heure limite", default=datetime.time(23, 59))
    annulation_jour = models.PositiveSmallIntegerField(
        "Annulation : jour de la semaine précédente",
        choices=JourSemaine.choices,
        null=True,
        blank=True,
        help_text="Pour « semaine précédente » : par exemple mardi.",
    )
    # Absences for illness: the medical certificate is accepted up to this many days after
    # the day missed (models_absences.py).
    delai_certificat = models.PositiveSmallIntegerField(
        "Absence pour maladie : jours pour déposer le certificat médical",
        default=7,
        help_text="Après le jour d'absence. 7 jours par défaut.",
    )

    class Meta:
        verbose_name = "prestation"
        verbose_name_plural = "prestations"
        ordering = ["structure", "ordre", "nom"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "code"], name="prestation_code_unique")
        ]

    def __str__(self) -> str:
        return self.nom

    @property
    def jours_iso(self) -> set[int]:
        return {int(j) for j in self.jours.split(",") if chiffres(j.strip())}

    @property
    def pour_vacances(self) -> bool:
        return self.type == self.Type.VACANCES

    def clean(self) -> None:
        erreurs = {}
        morceaux = [j.strip() for j in self.jours.split(",") if j.strip()]
        if not morceaux or any(not chiffres(j) or not 1 <= int(j) <= 7 for j in morceaux):
            erreurs["jours"] = (
                "Écrivez les jours en chiffres de 1 (lundi) à 7 (dimanche), séparés par des "
                "virgules, par exemple « 1,2,4,5 »."
            )
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            erreurs["age_max"] = "L'âge maximum doit être au moins l'âge minimum."
        for quoi in ("reservation", "annulation"):
            if getattr(self, f"{quoi}_regle") == RegleDelai.SEMAINE_PRECEDENTE and not getattr(
                self, f"{quoi}_jour"
            ):
                erreurs[f"{quoi}_jour"] = "Choisissez le jour de la semaine précédente."
        if erreurs:
            raise ValidationError(erreurs)


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
    ouverture_residents = models.DateTimeField(
        "ouvertes dès le, pour les familles de la commune",
        null=True,
        blank=True,
        help_text="Facultatif : une ouverture plus tôt pour les familles qui résident dans la "
        "commune.",
    )
    prestations = models.ManyToManyField(
        Prestation, verbose_name="prestations", related_name="periodes"
    )

    class Meta:
        verbose_name = "période de réservation"
        verbose_name_plural = "périodes de réservation"
        ordering = ["debut"]

    def __str__(self) -> str:
        return self.nom

    def clean(self) -> None:
        erreurs = {}
        if self.debut and self.fin and self.fin < self.debut:
            erreurs["fin"] = "Le dernier jour doit suivre le premier."
        if self.debut and self.fin and (self.fin - self.debut).days > 366:
            erreurs["fin"] = "Une période de réservation dure au plus un an."
        if (
            self.ouverture_residents
            and self.ouverture
            and self.ouverture_residents > self.ouverture
        ):
            erreurs["ouverture_residents"] = (
                "L'ouverture pour les familles de la commune doit précéder l'ouverture à tous."
            )
        if erreurs:
            raise ValidationError(erreurs)

    def ouverture_pour(self, reside_commune: bool) -> datetime.datetime:
        """When bookings open for a family: earlier for residents when the period says so."""
        if reside_commune and self.ouverture_residents:
            return min(self.ouverture_residents, self.ouverture)
        return self.ouverture


class ReservationQuerySet(models.QuerySet):
    def actives(self):
        """What holds a day for a child: booked, waiting, or a place offered."""
        return self.exclude(statut=Reservation.Statut.ANNULEE)

    def occupant_une_place(self):
        """What a capacity counter counts: booked and offered (an offer holds its place)."""
        return self.filter(statut__in=Reservation.STATUTS_PLACE)

    def file_attente(self, prestation_id: int, jour: datetime.date):
        """The waiting list of a day, first come first served."""
        return self.filter(
            prestation_id=prestation_id, date=jour, statut=Reservation.Statut.ATTENTE
        ).order_by("arrivee", "pk")


class Reservation(models.Model):
    class Statut(models.TextChoices):
        RESERVEE = "reservee", "Réservée"
        ANNULEE = "annulee", "Annulée"
        ATTENTE = "attente", "Liste d'attente"
        PROPOSEE = "proposee", "Place proposée"

    STATUTS_PLACE = (Statut.RESERVEE, Statut.PROPOSEE)

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
    # Indexed with the date (Meta.indexes), which serves lookups by prestation alone too.
    prestation = models.ForeignKey(
        Prestation,
        verbose_name="prestation",
        on_delete=models.PROTECT,
        related_name="reservations",
        db_index=False,
    )
    date = models.DateField("jour", db_index=True)
    statut = models.CharField(
        "statut", max_length=10, choices=Statut.choices, default=Statut.RESERVEE
    )
    # The waiting list is served in order of arrival (then id, for the same instant).
    arrivee = models.DateTimeField("demandée le", default=timezone.now)
    expire_le = models.DateTimeField("proposition valable jusqu'au", null=True, blank=True)
    hors_delai = models.BooleanField(
        "hors délai",
        default=False,
        help_text="Réservée ou annulée au guichet après la date limite (la facturation peut "
        "appliquer une majoration).",
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="réservée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    annulee_le = models.DateTimeField("annulée le", null=True, blank=True)
    annulee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="annulée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # One confirmation is one lot: the compte-rendu e-mail and the journal name it.
    lot = models.UUIDField("confirmation", null=True, blank=True, db_index=True)
    cree_le = models.DateTimeField("réservée le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    objects = ReservationQuerySet.as_manager()

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
        permissions = [("guichet_reservation", "Réserver et annuler au guichet pour une famille")]
        indexes = [
            # The places held on one day of a prestation (regles.places_libres, the counter).
            models.Index(fields=["prestation", "date"], name="reservation_prestation_jour"),
            models.Index(
                fields=["prestation", "date", "arrivee"],
                condition=Q(statut="attente"),
                name="reservation_file_attente",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enfant} — {self.prestation} — {self.date:%d/%m/%Y}"


class CapaciteJour(models.Model):
    """The places of a capped prestation on one day and how many are taken (booked or offered).
    Bookings lock these rows (sorted, one statement); the CHECK is the last safeguard against
    over-booking whatever the code does."""

    prestation = models.ForeignKey(
        Prestation, verbose_name="prestation", on_delete=models.CASCADE, related_name="capacites"
    )
    date = models.DateField("jour")
    capacite = models.PositiveIntegerField("places")
    reservees = models.PositiveIntegerField("places prises", default=0)

    class Meta:
        verbose_name = "capacité d'un jour"
        verbose_name_plural = "capacités par jour"
        ordering = ["date", "prestation"]
        constraints = [
            models.UniqueConstraint(fields=["prestation", "date"], name="capacite_jour_unique"),
            models.CheckConstraint(
                condition=Q(reservees__lte=F("capacite")),
                name="capacite_jour_pas_de_surreservation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prestation} — {self.date:%d/%m/%Y} ({self.reservees}/{self.capacite})"

    @property
    def libres(self) -> int:
        return max(self.capacite - self.reservees, 0)

    def clean(self) -> None:
        if self.capacite is not None and self.capacite < (self.reservees or 0):
            raise ValidationError(
                {
                    "capacite": f"{self.reservees} places sont déjà prises ce jour : la capacité "
                    "ne peut pas être inférieure."
                }
            )


class JournalReservation(models.Model):
    """Changes staff made for a family (at the counter), with who and why; those made past the
    deadline are marked. Parents' own changes are the bookings themselves."""

    class Action(models.TextChoices):
        AJOUT = "ajout", "Réservation"
        ANNULATION = "annulation", "Annulation"
        ATTENTE = "attente", "Inscription sur liste d'attente"

    acteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="fait par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    foyer = models.ForeignKey(
        "dossiers.Foyer",
        verbose_name="compte famille",
        on_delete=models.CASCADE,
        related_name="journal_reservations",
    )
    enfant = models.ForeignKey(
        "dossiers.Enfant", verbose_name="enfant", on_delete=models.CASCADE, related_name="+"
    )
    prestation = models.ForeignKey(
        Prestation, verbose_name="prestation", on_delete=models.CASCADE, related_name="+"
    )
    jour = models.DateField("jour")
    action = models.CharField("action", max_length=12, choices=Action.choices)
    hors_delai = models.BooleanField("hors délai", default=False)
    motif = models.CharField("motif", max_length=255, blank=True)
    lot = models.UUIDField("confirmation", null=True, blank=True)
    le = models.DateTimeField("le", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "changement au guichet"
        verbose_name_plural = "changements au guichet"
        ordering = ["-le"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.enfant} — {self.jour:%d/%m/%Y}"


# The tab page and the iCalendar token live in their own modules; imported here so that Django
# registers them with this app.
from .models_absences import Absence  # noqa: E402, F401
from .models_ical import JetonCalendrier  # noqa: E402, F401
from .models_presences import ClotureJournee, JournalPresence, Presence  # noqa: E402, F401
from .models_repas import EffectifRepas, GelRepas, SiteRepas  # noqa: E402, F401
from .pages import ReservationsPage  # noqa: E402, F401
