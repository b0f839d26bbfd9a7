"""Absences reported by parents, for the Education service (menu Éducation): the list with
filters (school, day, justification, reason), and per absence the decision on its
justification — accept, or refuse with a reason the family sees — with the medical
certificate to download (health data: the Éducation group only, `voit_sante`).

The list is read-only (no generic add/edit/delete): the decision goes through
services/absences.py. Every view checks the model permission first."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from famille.comptes.acces import voit_sante
from famille.comptes.exports import ExportSecuriseMixin
from famille.comptes.wagtail_hooks import MENU_EDUCATION
from famille.dossiers.models import Ecole
from famille.dossiers.views.pieces import reponse_fichier

from ..models import Absence, Reservation
from ..services import absences as service
from ..services.erreurs import ReservationError
from ..views.absences import FichierCertificat
from .reservations import LecturePermissionPolicy

PERMISSION_VOIR = "reservations.view_absence"
PERMISSION_DECIDER = "reservations.change_absence"

register_permission_policy(Absence, LecturePermissionPolicy(Absence))


def url_decision(absence: Absence) -> str:
    return reverse("wagtailsnippets_reservations_absence:decision", args=[absence.pk])


class DecisionForm(forms.Form):
    motif_refus = forms.CharField(
        label="Motif du refus",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire pour refuser : la famille le verra.",
    )


def decision(request, pk: int):
    if not request.user.has_perm(PERMISSION_DECIDER):
        raise PermissionDenied
    absence = get_object_or_404(Absence.objects.select_related("enfant", "foyer"), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if "accepter" in request.POST:
                service.accepter(request.user, absence)
                messages.success(request, "Absence justifiée.")
            else:
                service.refuser(request.user, absence, form.cleaned_data["motif_refus"])
                messages.success(request, "Justificatif refusé : la famille voit le motif.")
            return redirect(url_decision(absence))
        except ReservationError as erreur:
            form.add_error(None, erreur.message)
    reservations = (
        Reservation.objects.filter(
            enfant=absence.enfant, date=absence.jour, statut=Reservation.Statut.RESERVEE
        )
        .select_related("prestation")
        .order_by("prestation__ordre")
    )
    contexte = {
        "absence": absence,
        "form": form,
        "reservations": reservations,
        "voit_certificat": voit_sante(request.user),
    }
    return TemplateResponse(
        request,
        "reservations/admin/absence_decision.html",
        contexte,
        status=400 if form.errors else 200,
    )


def certificat(request, pk: int):
    """The medical certificate: health data, for the Éducation group only."""
    if not request.user.has_perm(PERMISSION_VOIR) or not voit_sante(request.user):
        raise PermissionDenied
    absence = get_object_or_404(Absence, pk=pk)
    if not absence.certificat:
        raise Http404("Aucun certificat déposé.")
    return reponse_fichier(FichierCertificat(absence))


class AbsenceFilterSet(WagtailFilterSet):
    ecole = django_filters.ModelChoiceFilter(
        label="École", field_name="enfant__ecole", queryset=Ecole.objects.all()
    )
    du = django_filters.DateFilter(label="Du", field_name="jour", lookup_expr="gte")
    au = django_filters.DateFilter(label="Au", field_name="jour", lookup_expr="lte")
    statut = django_filters.ChoiceFilter(label="Justificatif", choices=Absence.Statut.choices)
    motif = django_filters.ChoiceFilter(label="Motif", choices=Absence.Motif.choices)

    class Meta:
        model = Absence
        fields = ["ecole", "du", "au", "statut", "motif"]


class AbsenceIndexView(ExportSecuriseMixin, snippet_views.IndexView):
    # The reason (« maladie ») and the family's words may tell a child's health.
    colonnes_sante = ("get_motif_display", "precision")

    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + [
            MenuItem(
                "Accepter ou refuser le justificatif", url_decision(instance), icon_name="tick"
            )
        ]


class AbsenceViewSet(SnippetViewSet):
    model = Absence
    index_view_class = AbsenceIndexView
    filterset_class = AbsenceFilterSet
    icon = "warning"
    menu_label = "Absences signalées"
    menu_order = 575
    menu_hook = MENU_EDUCATION
    list_display = [
        "enfant",
        Column("jour", label="Jour", sort_key="jour"),
        Column("get_motif_display", label="Motif"),
        Column("get_statut_display", label="Justificatif"),
        Column("certificat_avant", label="Certificat avant le"),
    ]
    list_export = [
        "jour",
        "enfant.nom",
        "enfant.prenom",
        "enfant.ecole.nom",
        "foyer.numero",
        "get_motif_display",
        "precision",
        "get_statut_display",
        "motif_refus",
        "certificat_depose_le",
    ]
    export_headings = {
        "jour": "Jour",
        "enfant.nom": "Nom",
        "enfant.prenom": "Prénom",
        "enfant.ecole.nom": "École",
        "foyer.numero": "Famille",
        "get_motif_display": "Motif",
        "precision": "Précision",
        "get_statut_display": "Justificatif",
        "motif_refus": "Motif du refus",
        "certificat_depose_le": "Certificat déposé le",
    }
    export_filename = "absences"
    search_fields = ["enfant__nom", "enfant__prenom", "foyer__numero"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_queryset(self, request):
        return Absence.objects.select_related("enfant__ecole", "foyer").order_by("-jour")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("decision/<int:pk>/", decision, name="decision"),
            path("certificat/<int:pk>/", certificat, name="certificat"),
        ]


register_snippet(AbsenceViewSet)
