"""Admin of what families book: prestations with their deadline rules and who may have them,
booking periods, closures, and the capacity of a given day (changed through the waiting-list
service, so that new places are offered at once)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from famille.comptes.wagtail_hooks import MENU_EDUCATION

from ..models import CapaciteJour, Fermeture, PeriodeReservation, Prestation
from ..services import attente, calendrier
from ..services.erreurs import ReservationError
from ..services.operations import TROP_DE_MONDE, conflit_de_verrou


def _regle(prefixe: str, titre: str) -> MultiFieldPanel:
    return MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel(f"{prefixe}_regle"), FieldPanel(f"{prefixe}_nombre")]),
            FieldRowPanel([FieldPanel(f"{prefixe}_heure"), FieldPanel(f"{prefixe}_jour")]),
        ],
        heading=titre,
        help_text="Par exemple « la veille avant 9 h » : 1 jour calendaire, 09:00 ; « 3 jours "
        "ouvrés avant à 23 h 59 » ; « le mardi 23 h pour la semaine suivante ».",
    )


class PrestationEditView(snippet_views.EditView):
    """A raised capacity offers the new places of the days to come to their waiting lists at
    once (attente.suivre_capacite_prestation), in the save's transaction. Those days' rows are
    locked: if families are booking them right then and the lock is not had in time, nothing
    is saved and the agent reads a French message, never a server error."""

    def save_instance(self):
        ancienne = (
            Prestation.objects.filter(pk=self.object.pk).values_list("capacite", flat=True).first()
        )
        instance = super().save_instance()
        self.offres = attente.suivre_capacite_prestation(instance, ancienne)
        return instance

    def form_valid(self, form):
        try:
            with transaction.atomic():
                reponse = super().form_valid(form)
        except OperationalError as erreur:
            if not conflit_de_verrou(erreur):
                raise
            form.add_error(None, TROP_DE_MONDE)
            self.produced_error_message = TROP_DE_MONDE  # the admin's banner says it too
            return self.form_invalid(form)
        if getattr(self, "offres", None):
            messages.info(
                self.request,
                f"{len(self.offres)} place(s) ajoutée(s) proposée(s) aux familles en liste "
                "d'attente.",
            )
        return reponse


class PrestationViewSet(SnippetViewSet):
    model = Prestation
    edit_view_class = PrestationEditView
    icon = "clipboard-list"
    menu_label = "Prestations"
    menu_order = 500
    menu_hook = MENU_EDUCATION
    list_display = ["nom", "structure", "type", "jours", "capacite", "active"]
    list_filter = {"structure": ["exact"], "type": ["exact"], "active": ["exact"]}
    search_fields = ["nom", "code"]
    copy_view_enabled = True
    panels = [
        FieldRowPanel([FieldPanel("nom"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("structure"), FieldPanel("type"), FieldPanel("repas")]),
        FieldRowPanel([FieldPanel("jours"), FieldPanel("capacite")]),
        MultiFieldPanel(
            [
                FieldPanel("ecoles"),
                FieldPanel("classes"),
                FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")]),
            ],
            heading="Pour qui",
        ),
        _regle("reservation", "Date limite pour réserver"),
        _regle("annulation", "Date limite pour annuler"),
        FieldPanel("delai_certificat"),
        FieldRowPanel([FieldPanel("ordre"), FieldPanel("active")]),
    ]

    def get_queryset(self, request):
        return Prestation.objects.select_related("structure")


class _AvertirVacances:
    """After saving a period that runs past the known school holidays, staff are told what
    the calendar will do (a warning: the period is saved)."""

    def form_valid(self, form):
        reponse = super().form_valid(form)
        texte = calendrier.avertissement_vacances(self.object.fin)
        if texte:
            messages.warning(self.request, texte)
        return reponse


class PeriodeCreateView(_AvertirVacances, snippet_views.CreateView):
    pass


class PeriodeEditView(_AvertirVacances, snippet_views.EditView):
    pass


class PeriodeViewSet(SnippetViewSet):
    model = PeriodeReservation
    add_view_class = PeriodeCreateView
    edit_view_class = PeriodeEditView
    icon = "date"
    menu_label = "Périodes de réservation"
    menu_order = 510
    menu_hook = MENU_EDUCATION
    list_display = ["nom", "structure", "debut", "fin", "ouverture", "ouverture_residents"]
    list_filter = {"structure": ["exact"]}
    search_fields = ["nom"]
    panels = [
        FieldRowPanel([FieldPanel("nom"), FieldPanel("structure")]),
        FieldRowPanel([FieldPanel("debut"), FieldPanel("fin")]),
        FieldRowPanel([FieldPanel("ouverture"), FieldPanel("ouverture_residents")]),
        FieldPanel("prestations"),
    ]


class FermetureViewSet(SnippetViewSet):
    model = Fermeture
    icon = "warning"
    menu_label = "Fermetures"
    menu_order = 520
    menu_hook = MENU_EDUCATION
    list_display = ["motif", "structure", "debut", "fin"]
    list_filter = {"structure": ["exact"]}
    search_fields = ["motif"]
    panels = [
        FieldRowPanel([FieldPanel("structure"), FieldPanel("motif")]),
        FieldRowPanel([FieldPanel("debut"), FieldPanel("fin")]),
        FieldPanel("prestations"),
    ]


class _CapaciteParLeService:
    """Create and edit views save through attente.changer_capacite: under the day's lock,
    never below the places taken, and new places offered to the waiting list at once."""

    def save_instance(self):
        ligne = self.form.instance
        try:
            return attente.changer_capacite(
                self.request.user, ligne.prestation, ligne.date, ligne.capacite
            )
        except ReservationError as erreur:
            raise ValidationError(erreur.message) from erreur

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as erreur:
            form.add_error("capacite", erreur.messages)
            return self.form_invalid(form)


class CapaciteCreateView(_CapaciteParLeService, snippet_views.CreateView):
    pass


class CapaciteEditView(_CapaciteParLeService, snippet_views.EditView):
    pass


class CapaciteViewSet(SnippetViewSet):
    model = CapaciteJour
    icon = "group"
    menu_label = "Capacités par jour"
    menu_order = 530
    menu_hook = MENU_EDUCATION
    add_view_class = CapaciteCreateView
    edit_view_class = CapaciteEditView
    list_display = ["date", "prestation", "capacite", "reservees"]
    list_filter = {"prestation": ["exact"], "date": ["exact"]}
    copy_view_enabled = False
    panels = [
        FieldRowPanel([FieldPanel("prestation"), FieldPanel("date")]),
        FieldPanel(
            "capacite",
            help_text="Les places ajoutées sont proposées aussitôt aux familles en liste "
            "d'attente.",
        ),
    ]

    def get_queryset(self, request):
        return CapaciteJour.objects.select_related("prestation")


for viewset in (PrestationViewSet, PeriodeViewSet, FermetureViewSet, CapaciteViewSet):
    register_snippet(viewset)
