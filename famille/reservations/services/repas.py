"""Meal counts for the kitchens (issue 12.3): per site and day, the number of meals by menu
variant, frozen at the day's booking cut-off, with the morning's changes shown as differences.

Variants: the fiche santé's regime values (standard, sans porc, sans viande, végétarien, sans
allergène) under the fiche's own neutral wording — no religious label (CNIL NS-058) — and,
apart, the PAI children whose meal the kitchen adapts and those who bring a panier-repas. Each
booked meal falls in exactly one variant, so the counts of all sites add up to the day's
bookings minus cancellations (tests/reservations/test_repas.py proves it).

A meal is a booking (réservée) of a prestation with meals (the « avec repas » flag, or the school
restaurant) for that day. Its site is its prestation's site when the prestation has one (a
leisure centre's dining room), else the site serving the child's school, else « sans site ».

Snapshot: at the cut-off (`heure_gel`: the latest booking or cancelling deadline of the day's
meal prestations) the counts are written once (`figer_repas`). The differences afterwards are
the absences reported before the site's kitchen hour (`absences_signalees`, the one function that
reads every kind of absence: attendance marks today; the parents' absences of
models_absences.py are to be added there), the children marked « présent non prévu » before
that hour, and the bookings added or cancelled since the snapshot (at the counter, past the
deadline).

Everything is read in a fixed number of queries whatever the number of meals (issue 12.5:
scripts/bench_repas.py measures it). The kitchen sees numbers only; no child is named here."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from famille.dossiers.models import FicheSante

from ..models import Absence, Presence, Prestation, Reservation
from ..models_repas import EffectifRepas, GelRepas, SiteRepas
from .delais import PARIS, limite, regle_de

PAI_ADAPTE = "pai_adapte"
PANIER_REPAS = "panier_repas"
VARIANTES = [
    (FicheSante.Regime.STANDARD, "Repas standard"),
    (FicheSante.Regime.SANS_PORC, "Sans porc"),
    (FicheSante.Regime.SANS_VIANDE, "Sans viande"),
    (FicheSante.Regime.VEGETARIEN, "Végétarien"),
    (FicheSante.Regime.SANS_ALLERGENE, "Sans allergène"),
    (PAI_ADAPTE, "PAI : repas adapté"),
    (PANIER_REPAS, "PAI : panier-repas"),
]
LIBELLES = dict(VARIANTES)
ORDRE = {v: i for i, (v, _) in enumerate(VARIANTES)}
SANS_SITE = None
ABSENCES = (Presence.Etat.ABSENT, Presence.Etat.ABSENT_JUSTIFIE)
# How far ahead the scheduled job looks for days to freeze (« le mardi de la semaine
# précédente » is at most 13 days before).
HORIZON_JOURS = 21


def filtre_repas(prefixe: str = "prestation__") -> Q:
    """The prestations whose booking is a meal."""
    return Q(**{f"{prefixe}repas": True}) | Q(**{f"{prefixe}type": Prestation.Type.RESTAURATION})


def variante(pai: bool | None, repas_pai: str | None, regime: str | None) -> str:
    """The one variant a child's meal falls in."""
    if pai and repas_pai == "panier":
        return PANIER_REPAS
    if pai and repas_pai == "adapte":
        return PAI_ADAPTE
    return regime if regime in LIBELLES else FicheSante.Regime.STANDARD


@dataclass
class Carte:
    """Where each meal is served: prestation → site, school → site (two queries)."""

    par_prestation: dict[int, int]
    par_ecole: dict[int, int]

    @classmethod
    def charger(cls) -> Carte:
        par_prestation = dict(
            SiteRepas.prestations.through.objects.order_by("pk").values_list(
                "prestation_id", "siterepas_id"
            )
        )
        par_ecole = dict(
            SiteRepas.ecoles.through.objects.order_by("pk").values_list("ecole_id", "siterepas_id")
        )
        return cls(par_prestation, par_ecole)

    def site(self, prestation_id: int, ecole_id: int | None) -> int | None:
        site = self.par_prestation.get(prestation_id)
        if site is None and ecole_id is not None:
            site = self.par_ecole.get(ecole_id)
        return site


_CHAMPS = (
    "enfant_id",
    "prestation_id",
    "enfant__ecole_id",
    "enfant__fiche_sante__pai",
    "enfant__fiche_sante__repas_pai",
    "enfant__fiche_sante__regime",
)


def compter_repas(jour: datetime.date, carte: Carte | None = None) -> dict:
    """{site id or None: {variant: meals}} of the day's bookings (what the snapshot freezes).
    Three queries (one when the map is given)."""
    carte = carte or Carte.charger()
    comptes: dict = defaultdict(lambda: defaultdict(int))
    for _, prestation_id, ecole_id, pai, repas_pai, regime in _repas_reserves(jour):
        site = carte.site(prestation_id, ecole_id)
        comptes[site][variante(pai, repas_pai, regime)] += 1
    return comptes


def _repas_reserves(jour: datetime.date):
    return Reservation.objects.filter(
        filtre_repas(), date=jour, statut=Reservation.Statut.RESERVEE
    ).values_list(*_CHAMPS)


def absences_signalees(jour: datetime.date) -> dict[tuple[int, int], datetime.datetime]:
    """Every absence known for the day's meals, (child, prestation) → when it was reported.

    The one place that reads absences for the kitchens: the animators' marks (absent, absence
    justifiée) and the absences the families reported (models_absences.py: one per child and
    day, so every meal booked for that child that day), the earliest report of a (child,
    prestation) winning. One query per source."""
    absences: dict[tuple[int, int], datetime.datetime] = {}
    for enfant_id, prestation_id, le in Presence.objects.filter(
        filtre_repas(), jour=jour, etat__in=ABSENCES
    ).values_list("enfant_id", "prestation_id", "marque_le"):
        cle = (enfant_id, prestation_id)
        if cle not in absences or le < absences[cle]:
            absences[cle] = le
    signalee = Absence.objects.filter(jour=jour, enfant_id=OuterRef("enfant_id"))
    for enfant_id, prestation_id, le in (
        Reservation.objects.filter(
            filtre_repas(),
            date=jour,
            statut=Reservation.Statut.RESERVEE,
            enfant_id__in=Absence.objects.filter(jour=jour).values("enfant_id"),
        )
        .annotate(le=Subquery(signalee.values("signalee_le")[:1]))
        .values_list("enfant_id", "prestation_id", "le")
    ):
        cle = (enfant_id, prestation_id)
        if cle not in absences or le < absences[cle]:
            absences[cle] = le
    return absences


def heure_cuisine(site_heure: datetime.time | None, jour: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(jour, site_heure or datetime.time(9, 30), tzinfo=PARIS)


def heure_gel(jour: datetime.date, prestations=None) -> datetime.datetime | None:
    """The cut-off of a day: the latest booking or cancelling deadline of the meal prestations
    open that weekday (None: no meal that day)."""
    if prestations is None:
        prestations = list(Prestation.objects.filter(filtre_repas(""), active=True))
    limites = [
        limite(regle_de(p, quoi), jour)
        for p in prestations
        if jour.isoweekday() in p.jours_iso
        for quoi in ("reservation", "annulation")
    ]
    return max(limites) if limites else None


def figer_repas(jour: datetime.date, maintenant: datetime.datetime | None = None):
    """Freeze a day's counts once (a second call returns the first snapshot unchanged).
    Returns (gel, created)."""
    maintenant = maintenant or timezone.now()
    with transaction.atomic():
        gel, cree = GelRepas.objects.get_or_create(jour=jour, defaults={"fige_le": maintenant})
        if not cree:
            return gel, False
        EffectifRepas.objects.bulk_create(
            EffectifRepas(
                gel=gel, site_id=site, jour=jour, variante=v, nombre=n, fige_le=maintenant
            )
            for site, variantes in compter_repas(jour).items()
            for v, n in variantes.items()
            if n
        )
    return gel, True


def jours_a_figer(maintenant: datetime.datetime | None = None) -> list[datetime.date]:
    """The days from today on whose cut-off has passed and that are not frozen yet."""
    maintenant = maintenant or timezone.now()
    aujourdhui = timezone.localdate(maintenant)
    prestations = list(Prestation.objects.filter(filtre_repas(""), active=True))
    jours = [aujourdhui + datetime.timedelta(days=n) for n in range(HORIZON_JOURS)]
    figes = set(GelRepas.objects.filter(jour__in=jours).values_list("jour", flat=True))
    resultat = []
    for jour in jours:
        gel = heure_gel(jour, prestations)
        if jour not in figes and gel is not None and gel <= maintenant:
            resultat.append(jour)
    return resultat


@dataclass
class LigneVariante:
    variante: str
    libelle: str
    fige: int = 0
    absences: int = 0
    non_prevus: int = 0
    actuel: int = 0

    @property
    def ecart(self) -> int:
        return self.actuel - self.fige


@dataclass
class EffectifSite:
    site_id: int | None
    nom: str
    heure_cuisine: datetime.time | None
    lignes: list[LigneVariante] = field(default_factory=list)

    def total(self, quoi: str) -> int:
        return sum(getattr(ligne, quoi) for ligne in self.lignes)

    @property
    def total_fige(self) -> int:
        return self.total("fige")

    @property
    def total_actuel(self) -> int:
        return self.total("actuel")

    @property
    def total_absences(self) -> int:
        return self.total("absences")

    @property
    def total_non_prevus(self) -> int:
        return self.total("non_prevus")

    @property
    def total_ecart(self) -> int:
        return self.total_actuel - self.total_fige


@dataclass
class EffectifsJour:
    jour: datetime.date
    gel: GelRepas | None
    sites: list[EffectifSite]

    @property
    def total_fige(self) -> int:
        return sum(s.total_fige for s in self.sites)

    @property
    def total_actuel(self) -> int:
        return sum(s.total_actuel for s in self.sites)


def effectifs_du_jour(jour: datetime.date, site_ids: list[int] | None = None) -> EffectifsJour:
    """Every site's counts of the day: frozen, absences and unplanned children before the
    kitchen's hour, and now. Before the cut-off, « figés » are empty and « actuel » is the
    forecast. A fixed number of queries (8) whatever the number of sites and meals."""
    sites_qs = SiteRepas.objects.order_by("nom")
    if site_ids is not None:
        sites_qs = sites_qs.filter(pk__in=site_ids)
    sites = {
        s.pk: EffectifSite(s.pk, s.nom, s.heure_cuisine)
        for s in sites_qs.only("pk", "nom", "heure_cuisine")
    }
    carte = Carte.charger()
    gel = GelRepas.objects.filter(jour=jour).first()
    lignes: dict = defaultdict(dict)

    def ligne(site_id, v) -> LigneVariante:
        if v not in lignes[site_id]:
            lignes[site_id][v] = LigneVariante(v, LIBELLES.get(v, v))
        return lignes[site_id][v]

    if gel is not None:
        for site_id, v, n in EffectifRepas.objects.filter(gel=gel).values_list(
            "site_id", "variante", "nombre"
        ):
            ligne(site_id, v).fige += n
    absences = absences_signalees(jour)

    def avant_cuisine(site_id, le) -> bool:
        site = sites.get(site_id)
        return le < heure_cuisine(site.heure_cuisine if site else None, jour)

    for enfant_id, prestation_id, ecole_id, pai, repas_pai, regime in _repas_reserves(jour):
        site_id = carte.site(prestation_id, ecole_id)
        courante = ligne(site_id, variante(pai, repas_pai, regime))
        le = absences.get((enfant_id, prestation_id))
        if le is not None and avant_cuisine(site_id, le):
            courante.absences += 1
        else:
            courante.actuel += 1
    non_prevus = Presence.objects.filter(
        filtre_repas(), jour=jour, etat=Presence.Etat.PRESENT_NON_PREVU
    ).values_list(
        "prestation_id",
        "enfant__ecole_id",
        "enfant__fiche_sante__pai",
        "enfant__fiche_sante__repas_pai",
        "enfant__fiche_sante__regime",
        "marque_le",
    )
    for prestation_id, ecole_id, pai, repas_pai, regime, le in non_prevus:
        site_id = carte.site(prestation_id, ecole_id)
        if avant_cuisine(site_id, le):
            courante = ligne(site_id, variante(pai, repas_pai, regime))
            courante.non_prevus += 1
            courante.actuel += 1
    resultat = []
    for site_id, effectif in sites.items():
        effectif.lignes = sorted(lignes.get(site_id, {}).values(), key=lambda x: ORDRE[x.variante])
        resultat.append(effectif)
    if site_ids is None and lignes.get(SANS_SITE):
        sans = EffectifSite(SANS_SITE, "Écoles sans site de restauration", None)
        sans.lignes = sorted(lignes[SANS_SITE].values(), key=lambda x: ORDRE[x.variante])
        resultat.append(sans)
    return EffectifsJour(jour, gel, resultat)
