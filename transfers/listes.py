"""The lists staff can export, each with the same filters as its admin list, a
django-import-export resource for its columns and the permission it needs. Health columns of
the children's list are only for the Éducation group."""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django.db.models import Prefetch
from import_export import fields, resources

from famille.comptes.acces import voit_sante
from famille.comptes.models import Structure
from famille.dossiers.models import Campagne, Classe, DossierAnnuel, Ecole, Enfant, Foyer
from famille.facturation.models import QuotientFamilial, Tarif
from famille.reservations.models import (
    EffectifRepas,
    Fermeture,
    Prestation,
    Reservation,
    SiteRepas,
)
from famille.reservations.services.repas import LIBELLES as VARIANTES_REPAS


def F(attribute: str | None, column_name: str, **kw) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column_name, **kw)


# --- resources --------------------------------------------------------------------------------


class ListeResource(resources.Resource):
    """Values stay Python values (dates, amounts, booleans): the file writer formats them."""

    def export_field(self, field, instance, **kwargs):
        methode = getattr(self, f"dehydrate_{self.get_field_name(field)}", None)
        if methode is not None:
            return methode(instance)
        return field.get_value(instance)


class FoyerExport(ListeResource):
    numero = F("numero", "Identifiant famille")
    titulaire_nom = F("titulaire__last_name", "Nom du titulaire")
    titulaire_prenom = F("titulaire__first_name", "Prénom du titulaire")
    emails = F("titulaire__emails", "E-mails")
    adresse = F("adresse", "Adresse")
    complement_adresse = F("complement_adresse", "Complément d'adresse")
    code_postal = F("code_postal", "Code postal")
    ville = F("ville", "Ville")
    telephone = F("telephone", "Téléphone")
    telephone_secours = F("telephone_secours", "Autre téléphone")
    situation = F(None, "Situation familiale")
    regime = F(None, "Régime d'allocations")
    numero_allocataire = F("numero_allocataire", "Numéro d'allocataire")
    enfants = F(None, "Enfants")
    structures = F(None, "Structures")
    dossier_papier = F("dossier_papier", "Dossier papier")
    cree_le = F("cree_le", "Créé le")

    def dehydrate_situation(self, foyer):
        return foyer.get_situation_display()

    def dehydrate_regime(self, foyer):
        return foyer.get_regime_display()

    def dehydrate_enfants(self, foyer):
        return ", ".join(f"{e.prenom} {e.nom}" for e in foyer.enfants.all())

    def dehydrate_structures(self, foyer):
        return ", ".join(s.nom for s in foyer.titulaire.structures.all())


class EnfantExport(ListeResource):
    nom = F("nom", "Nom")
    prenom = F("prenom", "Prénom")
    date_naissance = F("date_naissance", "Date de naissance")
    sexe = F(None, "Sexe")
    ecole = F("ecole__nom", "École")
    classe = F("classe__nom", "Classe")
    familles = F(None, "Comptes famille")

    def dehydrate_sexe(self, enfant):
        return enfant.get_sexe_display()

    def dehydrate_familles(self, enfant):
        return ", ".join(g.foyer.numero for g in enfant.gardes.all())


class EnfantSanteExport(EnfantExport):
    """Special-category data (RGPD art. 9): only built for the Éducation group."""

    allergies = F("fiche_sante__allergies", "Allergies")
    pai = F("fiche_sante__pai", "PAI")
    regime_alimentaire = F(None, "Régime alimentaire")
    besoins = F("fiche_sante__besoins_particuliers", "Besoins particuliers")
    adaptations = F("fiche_sante__adaptations", "Adaptations utiles")

    def dehydrate_regime_alimentaire(self, enfant):
        fiche = getattr(enfant, "fiche_sante", None)
        return fiche.get_regime_display() if fiche else ""

    def export_field(self, field, instance, **kwargs):
        if field.attribute and field.attribute.startswith("fiche_sante__"):
            if not hasattr(instance, "fiche_sante"):
                return ""
        return super().export_field(field, instance, **kwargs)


class DossierExport(ListeResource):
    numero = F("foyer__numero", "Identifiant famille")
    titulaire = F(None, "Titulaire")
    annee = F("campagne__annee_scolaire", "Année scolaire")
    statut = F(None, "Statut")
    papier = F("papier", "Dossier papier")
    transmis_le = F("transmis_le", "Transmis le")
    valide_le = F("valide_le", "Validé le")

    def dehydrate_titulaire(self, dossier):
        return dossier.foyer.titulaire.get_full_name()

    def dehydrate_statut(self, dossier):
        return dossier.get_statut_display()


class ReservationExport(ListeResource):
    date = F("date", "Jour")
    prestation = F("prestation__nom", "Prestation")
    enfant_nom = F("enfant__nom", "Nom de l'enfant")
    enfant_prenom = F("enfant__prenom", "Prénom de l'enfant")
    classe = F("enfant__classe__nom", "Classe")
    numero = F("foyer__numero", "Identifiant famille")
    statut = F(None, "Statut")

    def dehydrate_statut(self, reservation):
        return reservation.get_statut_display()


# Same column names as the imports: an export can be edited and imported back.
class TarifExport(ListeResource):
    prestation = F("prestation__code", "Prestation")
    structure = F("prestation__structure__slug", "Structure")
    qf_min = F("qf_min", "QF à partir de")
    qf_max = F("qf_max", "QF jusqu'à")
    prix = F("prix", "Prix")
    hors_commune = F("hors_commune", "Hors commune")
    debut = F("debut", "Applicable à partir du")
    fin = F("fin", "Jusqu'au")
    reduction_fratrie = F("reduction_fratrie", "Réduction à partir du 2e enfant (%)")


class FermetureExport(ListeResource):
    structure = F("structure__slug", "Structure")
    debut = F("debut", "Du")
    fin = F("fin", "Au")
    motif = F("motif", "Motif")


class QuotientExport(ListeResource):
    foyer = F("foyer__numero", "Numéro allocataire ou identifiant famille")
    valeur = F("valeur", "Quotient familial")
    debut = F("debut", "Valable à partir du")
    source = F("source", "Source")


class EffectifRepasExport(ListeResource):
    """The kitchens' frozen counts: numbers per site, day and variant, no child named."""

    jour = F("jour", "Jour")
    site = F(None, "Site")
    variante = F(None, "Variante")
    nombre = F("nombre", "Repas figés")
    fige_le = F("fige_le", "Figés le")

    def dehydrate_site(self, effectif):
        return effectif.site.nom if effectif.site_id else "Sans site de restauration"

    def dehydrate_variante(self, effectif):
        return VARIANTES_REPAS.get(effectif.variante, effectif.variante)


# --- filters (the admin lists' own) --------------------------------------------------------


class FoyerFiltre(django_filters.FilterSet):
    structure = django_filters.ModelChoiceFilter(
        label="Structure", field_name="titulaire__structures", queryset=Structure.objects.all()
    )
    ecole = django_filters.ModelChoiceFilter(
        label="École", field_name="enfants__ecole", queryset=Ecole.objects.all(), distinct=True
    )
    ville = django_filters.CharFilter(label="Ville", lookup_expr="icontains")
    dossier_papier = django_filters.BooleanFilter(label="Dossier papier")

    class Meta:
        model = Foyer
        fields = []


class EnfantFiltre(django_filters.FilterSet):
    structure = django_filters.ModelChoiceFilter(
        label="Structure", field_name="ecole__structure", queryset=Structure.objects.all()
    )
    ecole = django_filters.ModelChoiceFilter(label="École", queryset=Ecole.objects.all())
    classe = django_filters.ModelChoiceFilter(
        label="Classe", queryset=Classe.objects.select_related("ecole")
    )

    class Meta:
        model = Enfant
        fields = []


class DossierFiltre(django_filters.FilterSet):
    campagne = django_filters.ModelChoiceFilter(
        label="Année scolaire", queryset=Campagne.objects.all()
    )
    statut = django_filters.ChoiceFilter(label="Statut", choices=DossierAnnuel.Statut.choices)
    papier = django_filters.BooleanFilter(label="Dossier papier")

    class Meta:
        model = DossierAnnuel
        fields = []


class ReservationFiltre(django_filters.FilterSet):
    prestation = django_filters.ModelChoiceFilter(
        label="Prestation", queryset=Prestation.objects.all()
    )
    du = django_filters.DateFilter(label="Du", field_name="date", lookup_expr="gte")
    au = django_filters.DateFilter(label="Au", field_name="date", lookup_expr="lte")
    statut = django_filters.ChoiceFilter(label="Statut", choices=Reservation.Statut.choices)

    class Meta:
        model = Reservation
        fields = []


class EffectifRepasFiltre(django_filters.FilterSet):
    """A period (du, au) of the whole commune, or one site or structure."""

    du = django_filters.DateFilter(label="Du", field_name="jour", lookup_expr="gte")
    au = django_filters.DateFilter(label="Au", field_name="jour", lookup_expr="lte")
    site = django_filters.ModelChoiceFilter(label="Site", queryset=SiteRepas.objects.all())
    structure = django_filters.ModelChoiceFilter(
        label="Structure", field_name="site__structure", queryset=Structure.objects.all()
    )

    class Meta:
        model = EffectifRepas
        fields = []


class StructureFiltre(django_filters.FilterSet):
    structure = django_filters.ModelChoiceFilter(
        label="Structure", queryset=Structure.objects.all()
    )


class TarifFiltre(django_filters.FilterSet):
    prestation = django_filters.ModelChoiceFilter(
        label="Prestation", queryset=Prestation.objects.all()
    )

    class Meta:
        model = Tarif
        fields = []


class FermetureFiltre(StructureFiltre):
    class Meta:
        model = Fermeture
        fields = []


class QuotientFiltre(django_filters.FilterSet):
    depuis = django_filters.DateFilter(
        label="Valables depuis le", field_name="debut", lookup_expr="gte"
    )

    class Meta:
        model = QuotientFamilial
        fields = []


# --- the registry -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Liste:
    cle: str
    titre: str
    permission: str
    filtre: type[django_filters.FilterSet]
    resource: type[resources.Resource]
    queryset: callable
    resource_sante: type[resources.Resource] | None = None
    # The child's fiche santé from the exported row, read with it for the health columns.
    relation_sante: str = "fiche_sante"


LISTES = [
    Liste(
        "familles",
        "Comptes famille",
        "dossiers.view_foyer",
        FoyerFiltre,
        FoyerExport,
        lambda: Foyer.objects.select_related("titulaire").prefetch_related(
            "enfants", "titulaire__structures"
        ),
    ),
    Liste(
        "enfants",
        "Enfants",
        "dossiers.view_enfant",
        EnfantFiltre,
        EnfantExport,
        lambda: Enfant.objects.select_related("ecole", "classe").prefetch_related(
            Prefetch(
                "gardes", queryset=Enfant.gardes.rel.related_model.objects.select_related("foyer")
            )
        ),
        EnfantSanteExport,
    ),
    Liste(
        "dossiers",
        "État des dossiers annuels",
        "dossiers.view_dossierannuel",
        DossierFiltre,
        DossierExport,
        lambda: DossierAnnuel.objects.select_related("foyer__titulaire", "campagne"),
    ),
    Liste(
        "reservations",
        "Réservations",
        "reservations.view_reservation",
        ReservationFiltre,
        ReservationExport,
        lambda: Reservation.objects.select_related(
            "prestation", "enfant__classe", "foyer"
        ).order_by("date", "prestation", "enfant__nom"),
    ),
    Liste(
        "repas",
        "Effectifs des repas (figés)",
        "reservations.view_effectifrepas",
        EffectifRepasFiltre,
        EffectifRepasExport,
        lambda: EffectifRepas.objects.select_related("site").order_by(
            "jour", "site__nom", "variante"
        ),
    ),
    Liste(
        "tarifs",
        "Tarifs",
        "facturation.view_tarif",
        TarifFiltre,
        TarifExport,
        lambda: Tarif.objects.select_related("prestation__structure"),
    ),
    Liste(
        "fermetures",
        "Fermetures",
        "reservations.view_fermeture",
        FermetureFiltre,
        FermetureExport,
        lambda: Fermeture.objects.select_related("structure"),
    ),
    Liste(
        "quotients",
        "Quotients familiaux",
        "facturation.view_quotientfamilial",
        QuotientFiltre,
        QuotientExport,
        lambda: QuotientFamilial.objects.select_related("foyer"),
    ),
]


def liste(cle: str) -> Liste | None:
    return next((item for item in LISTES if item.cle == cle), None)


def listes_permises(user) -> list[Liste]:
    return [item for item in LISTES if user.has_perm(item.permission)]


def exporter(item: Liste, user, donnees_filtre) -> tuple[list[str], list[list]]:
    """Headers and rows of the filtered list, with health columns for the Éducation group only."""
    filtre = item.filtre(donnees_filtre, queryset=item.queryset())
    queryset = filtre.qs if filtre.is_valid() else item.queryset().none()
    resource_class = item.resource
    if item.resource_sante is not None and voit_sante(user):
        resource_class = item.resource_sante
        if item.relation_sante:
            queryset = queryset.select_related(item.relation_sante)
    dataset = resource_class().export(queryset=queryset, force_native_type=True)
    return list(dataset.headers), [list(row) for row in dataset]


# Attendance and absences (issue 12) live in their own module, which builds on this one.
from . import listes_presences  # noqa: E402

LISTES.extend(listes_presences.LISTES_PRESENCES)
