"""Admin of children and their custody links, and of schools and classes."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from famille.comptes.admin_ui import PanneauEnLigne
from famille.comptes.exports import ExportSecuriseMixin
from famille.comptes.wagtail_hooks import MENU_EDUCATION

from ..models import Classe, Ecole, Enfant, Garde
from ..services import recherche
from .classes import ClasseIndexView
from .widgets import JoursSemaineWidget


class EnfantIndexView(ExportSecuriseMixin, snippet_views.IndexView):
    # Health data only for the Éducation group (RGPD art. 9).
    colonnes_sante = ("fiche_sante.allergies", "fiche_sante.pai", "fiche_sante.get_regime_display")

    def search_queryset(self, queryset):
        # Forgiving search (accents, case, hyphens; by parent's phone, e-mail): recherche.py.
        if not self.is_searching:
            return queryset
        return recherche.filtrer(queryset, self.search_query)


class EnfantViewSet(SnippetViewSet):
    model = Enfant
    index_view_class = EnfantIndexView
    list_export = [
        "nom",
        "prenom",
        "date_naissance",
        "ecole",
        "classe.nom",
        "fiche_sante.allergies",
        "fiche_sante.pai",
        "fiche_sante.get_regime_display",
    ]
    export_headings = {
        "classe.nom": "Classe",
        "fiche_sante.allergies": "Allergies",
        "fiche_sante.pai": "PAI",
        "fiche_sante.get_regime_display": "Régime alimentaire",
    }
    export_filename = "enfants"
    icon = "user"
    menu_label = "Enfants"
    menu_order = 110
    menu_hook = MENU_EDUCATION
    list_display = ["nom", "prenom", "date_naissance", "ecole", "classe"]
    list_filter = {"ecole": ["exact"], "classe": ["exact"]}
    search_fields = ["recherche"]  # through EnfantIndexView.search_queryset
    copy_view_enabled = False
    inspect_view_enabled = True
    panels = [
        FieldRowPanel([FieldPanel("prenom"), FieldPanel("nom")]),
        FieldRowPanel([FieldPanel("date_naissance"), FieldPanel("sexe")]),
        FieldRowPanel([FieldPanel("ecole"), FieldPanel("classe")]),
        PanneauEnLigne(
            "gardes",
            label="Compte famille",
            ajouter="Ajouter un compte famille",
            heading="Comptes famille et garde",
            help_text="Chaque compte famille lié à l'enfant, avec ses jours de garde. "
            "Les périodes datées se saisissent dans « Gardes ».",
            panels=[
                FieldPanel("foyer"),
                FieldPanel("regle"),
                FieldPanel("jours", widget=JoursSemaineWidget),
            ],
        ),
    ]

    def get_queryset(self, request):
        return Enfant.objects.select_related("ecole", "classe").distinct()


class GardeViewSet(SnippetViewSet):
    model = Garde
    icon = "date"
    menu_label = "Gardes"
    menu_order = 120
    menu_hook = MENU_EDUCATION
    list_display = ["enfant", "foyer", "regle"]
    list_filter = {"regle": ["exact"]}
    search_fields = ["enfant__nom", "enfant__prenom", "foyer__numero"]
    copy_view_enabled = False
    panels = [
        FieldRowPanel([FieldPanel("foyer"), FieldPanel("enfant")]),
        MultiFieldPanel(
            [FieldPanel("regle"), FieldPanel("jours", widget=JoursSemaineWidget)],
            heading="Règle de garde",
        ),
        PanneauEnLigne(
            "periodes",
            label="Période",
            ajouter="Ajouter une période",
            heading="Périodes datées",
            help_text="Pour la règle « Périodes datées ».",
            panels=[FieldRowPanel([FieldPanel("debut"), FieldPanel("fin")])],
        ),
    ]

    def get_queryset(self, request):
        return Garde.objects.select_related("enfant", "foyer__titulaire")


class EcoleViewSet(SnippetViewSet):
    model = Ecole
    icon = "home"
    menu_label = "Écoles"
    menu_order = 310
    menu_hook = MENU_EDUCATION
    list_display = ["nom", "structure", "adresse"]
    search_fields = ["nom"]
    copy_view_enabled = False
    panels = [
        FieldPanel("nom"),
        FieldPanel("structure"),
        FieldPanel("adresse"),
    ]


class ClasseViewSet(SnippetViewSet):
    model = Classe
    index_view_class = ClasseIndexView
    icon = "list-ul"
    menu_label = "Classes"
    menu_order = 320
    menu_hook = MENU_EDUCATION
    list_display = ["nom", "ecole"]
    list_filter = {"ecole": ["exact"]}
    search_fields = ["nom", "ecole__nom"]
    copy_view_enabled = False
    panels = [FieldPanel("ecole"), FieldPanel("nom")]


for viewset in (EnfantViewSet, GardeViewSet, EcoleViewSet, ClasseViewSet):
    register_snippet(viewset)
