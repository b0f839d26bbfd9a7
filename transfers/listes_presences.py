"""The attendance and absence exports (issue 12, point 4), registered in listes.LISTES:

- « Présences »: each mark of the animators per day, school and prestation, with the day's end
  state billing reads (pointage's rule: a reported absence accepted by the Education service
  makes the day « absent justifié »), corrections after closing with their reason;
- « Absences signalées »: the parents' reports with their justification and the refusal reason.

Filters are the admin lists' (structure, school, prestation, days, state). Health columns — the
PAI, allergies and diet of the attendance list, the reason and the parent's words of an
absence — are only built for the Éducation group (listes.exporter picks `resource_sante`
through acces.voit_sante). Import transfers.listes, not this module: listes.py registers it.
"""

from __future__ import annotations

import django_filters
from django.db.models import OuterRef, Subquery

from famille.comptes.models import Structure
from famille.dossiers.models import Ecole
from famille.reservations.models import Absence, Presence, Prestation
from famille.reservations.services import pointage

from .listes import F, Liste, ListeResource

LIBELLES_FIN = {
    pointage.RESERVE_PRESENT: "réservé et présent",
    pointage.ABSENT_JUSTIFIE: "absent justifié",
    pointage.ABSENT_NON_JUSTIFIE: "absent non justifié",
    pointage.PRESENT_NON_PREVU: "présent non prévu",
    pointage.ANNULE: "annulé dans les délais",
}


class PresenceExport(ListeResource):
    jour = F("jour", "Jour")
    structure = F("prestation__structure__nom", "Structure")
    ecole = F("enfant__ecole__nom", "École")
    prestation = F("prestation__nom", "Prestation")
    nom = F("enfant__nom", "Nom de l'enfant")
    prenom = F("enfant__prenom", "Prénom de l'enfant")
    classe = F("enfant__classe__nom", "Classe")
    numero = F("foyer__numero", "Identifiant famille")
    etat = F(None, "Pointage")
    fin = F(None, "État de la journée")
    absence = F(None, "Absence signalée")
    corrige = F("corrige", "Corrigé après clôture")
    motif = F("motif", "Motif de la correction")
    marque_le = F("marque_le", "Marqué le")

    def dehydrate_etat(self, presence):
        return presence.get_etat_display()

    def dehydrate_fin(self, presence):
        etat = pointage.ETAT_FIN_DE_JOURNEE[presence.etat]
        if presence.reservation_id:
            etat = pointage._avec_absence(etat, presence.justificatif)
        return LIBELLES_FIN[etat]

    def dehydrate_absence(self, presence):
        if not presence.justificatif:
            return ""
        return Absence.Statut(presence.justificatif).label


class PresenceSanteExport(PresenceExport):
    """Special-category data (RGPD art. 9): only built for the Éducation group."""

    pai = F("enfant__fiche_sante__pai", "PAI")
    allergies = F("enfant__fiche_sante__allergies", "Allergies")
    regime = F(None, "Régime alimentaire")

    def dehydrate_regime(self, presence):
        fiche = getattr(presence.enfant, "fiche_sante", None)
        return fiche.get_regime_display() if fiche else ""

    def export_field(self, field, instance, **kwargs):
        if field.attribute and field.attribute.startswith("enfant__fiche_sante__"):
            if not hasattr(instance.enfant, "fiche_sante"):
                return ""
        return super().export_field(field, instance, **kwargs)


class AbsenceExport(ListeResource):
    jour = F("jour", "Jour")
    ecole = F("enfant__ecole__nom", "École")
    nom = F("enfant__nom", "Nom de l'enfant")
    prenom = F("enfant__prenom", "Prénom de l'enfant")
    classe = F("enfant__classe__nom", "Classe")
    numero = F("foyer__numero", "Identifiant famille")
    signalee_le = F("signalee_le", "Signalée le")
    statut = F(None, "Justificatif")
    motif_refus = F("motif_refus", "Motif du refus")
    certificat_depose_le = F("certificat_depose_le", "Certificat déposé le")
    verifiee_le = F("verifiee_le", "Vérifiée le")

    def dehydrate_statut(self, absence):
        return absence.get_statut_display()


class AbsenceSanteExport(AbsenceExport):
    """The reason (« maladie ») and the parent's words may tell a child's health."""

    motif = F(None, "Motif")
    precision = F("precision", "Précision de la famille")

    def dehydrate_motif(self, absence):
        return absence.get_motif_display()


class PresenceFiltre(django_filters.FilterSet):
    structure = django_filters.ModelChoiceFilter(
        label="Structure", field_name="prestation__structure", queryset=Structure.objects.all()
    )
    ecole = django_filters.ModelChoiceFilter(
        label="École", field_name="enfant__ecole", queryset=Ecole.objects.all()
    )
    prestation = django_filters.ModelChoiceFilter(
        label="Prestation", queryset=Prestation.objects.all()
    )
    du = django_filters.DateFilter(label="Du", field_name="jour", lookup_expr="gte")
    au = django_filters.DateFilter(label="Au", field_name="jour", lookup_expr="lte")
    etat = django_filters.ChoiceFilter(label="Pointage", choices=Presence.Etat.choices)

    class Meta:
        model = Presence
        fields = []


class AbsenceFiltre(django_filters.FilterSet):
    ecole = django_filters.ModelChoiceFilter(
        label="École", field_name="enfant__ecole", queryset=Ecole.objects.all()
    )
    du = django_filters.DateFilter(label="Du", field_name="jour", lookup_expr="gte")
    au = django_filters.DateFilter(label="Au", field_name="jour", lookup_expr="lte")
    statut = django_filters.ChoiceFilter(label="Justificatif", choices=Absence.Statut.choices)

    class Meta:
        model = Absence
        fields = []


def _presences():
    justificatif = Absence.objects.filter(
        enfant_id=OuterRef("enfant_id"), jour=OuterRef("jour"), foyer_id=OuterRef("foyer_id")
    ).values("statut")[:1]
    return (
        Presence.objects.select_related(
            "prestation__structure", "enfant__ecole", "enfant__classe", "foyer"
        )
        .annotate(justificatif=Subquery(justificatif))
        .order_by("jour", "prestation__structure", "enfant__ecole", "prestation", "enfant__nom")
    )


def _absences():
    return Absence.objects.select_related("enfant__ecole", "enfant__classe", "foyer").order_by(
        "jour", "enfant__nom", "enfant__prenom"
    )


LISTES_PRESENCES = [
    Liste(
        "presences",
        "Présences (pointage)",
        "reservations.view_presence",
        PresenceFiltre,
        PresenceExport,
        _presences,
        PresenceSanteExport,
        relation_sante="enfant__fiche_sante",
    ),
    Liste(
        "absences",
        "Absences signalées et justificatifs",
        "reservations.view_absence",
        AbsenceFiltre,
        AbsenceExport,
        _absences,
        AbsenceSanteExport,
        relation_sante="",
    ),
]
