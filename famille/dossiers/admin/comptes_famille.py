"""Admin of Comptes Famille (menu Éducation): the list of foyers with search and filters, a
creation form that goes through creer_compte_famille and shows the initial password once,
« Créer le compte du second parent », and the letters (bulk action « Courriers
d'identifiants »). Children, custody, schools: admin/enfants.py."""

from __future__ import annotations

import django_filters
from django.db import transaction
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem as EntreeMenu
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from famille.comptes.acces import menu_regie
from famille.comptes.admin_ui import OuiNonColumn
from famille.comptes.exports import ExportSecuriseMixin
from famille.comptes.models import Structure
from famille.comptes.wagtail_hooks import MENU_EDUCATION, MENU_REGIE

from ..models import Foyer, Modification
from ..services import campagne as campagne_service
from ..services import historique, recherche
from ..services import suivi as suivi_service
from . import (  # noqa: F401  (register their admin views)
    courriers_lots,
    enfants,
    fiche_famille,
    suivi,
)
from .comptes_famille_formulaires import FoyerAdminForm
from .comptes_famille_vues import (
    PERMISSION_COURRIERS,
    PERMISSION_CREATION,
    CourriersBulkAction,
    CreationCompteFamilleView,
    SecondParentView,
    url_courriers,
)


class FoyerFilterSet(WagtailFilterSet):
    structure = django_filters.ModelChoiceFilter(
        label="Structure",
        queryset=Structure.objects.all(),
        field_name="titulaire__structures",
        distinct=True,
    )
    suivi = django_filters.ChoiceFilter(
        label="Renouvellement du dossier (campagne en cours)",
        choices=list(suivi_service.SUIVIS.items()),
        method="filtrer_suivi",
    )
    dossier_papier = django_filters.BooleanFilter(label="Dossier papier")
    ville = django_filters.CharFilter(label="Ville", lookup_expr="icontains")

    class Meta:
        model = Foyer
        fields = ["suivi", "structure", "dossier_papier", "situation", "ville"]

    def filtrer_suivi(self, queryset, name, valeur):
        return suivi.filtrer(queryset, valeur)


def boutons_du_foyer(user, foyer: Foyer) -> list[MenuItem]:
    boutons = []
    if user.has_perm(fiche_famille.PERMISSION):
        boutons.append(
            MenuItem(
                "Fiche de la famille", fiche_famille.url_fiche_famille(foyer), icon_name="group"
            )
        )
    if user.has_perm(PERMISSION_COURRIERS):
        boutons.append(
            MenuItem("Courrier d'identifiants", url_courriers([foyer.pk]), icon_name="mail")
        )
    if user.has_perm(PERMISSION_CREATION):
        boutons.append(
            MenuItem(
                "Créer le compte du second parent",
                reverse("wagtailsnippets_dossiers_foyer:second_parent", args=[foyer.pk]),
                icon_name="user",
            )
        )
    if foyer.dossier_papier and user.has_perm("dossiers.change_foyer"):
        boutons.append(
            MenuItem(
                "Saisir le dossier papier",
                reverse("dossiers_papier:foyer", args=[foyer.pk]),
                icon_name="doc-full",
            )
        )
    return boutons


class FoyerIndexView(ExportSecuriseMixin, snippet_views.IndexView):
    def search_queryset(self, queryset):
        # Forgiving search (accents, case, hyphens; by child, phone, e-mail): see recherche.py.
        if not self.is_searching:
            return queryset
        return recherche.filtrer(queryset, self.search_query)

    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + boutons_du_foyer(
            self.request.user, instance
        )


class FoyerEditView(snippet_views.EditView):
    def get_header_more_buttons(self):
        boutons = [
            Button(b.label, url=b.url, icon_name=b.icon_name, priority=30)
            for b in boutons_du_foyer(self.request.user, self.object)
        ]
        return super().get_header_more_buttons() + boutons

    def save_instance(self):
        """Staff edits of the foyer and its titulaire are kept in the history, like the
        family's own changes of the fiche famille, with the staff member as author."""
        enregistre = {}

        def sauvegarde():
            enregistre["foyer"] = super(FoyerEditView, self).save_instance()

        with transaction.atomic():
            modification = historique.enregistrer(
                "famille", sauvegarde, auteur=self.request.user, foyer=self.object
            )
            titulaire = self.form.enregistrer_titulaire(self.request)
            if titulaire and modification is not None:
                modification.changements.update(titulaire)
                modification.save(update_fields=["changements"])
            elif titulaire:
                Modification.objects.create(
                    foyer=self.object,
                    fiche="famille",
                    changements=titulaire,
                    auteur=self.request.user,
                )
        return enregistre["foyer"]


class FoyerViewSet(SnippetViewSet):
    model = Foyer
    icon = "group"
    menu_label = "Comptes famille"
    menu_order = 100
    menu_hook = MENU_EDUCATION

    @cached_property
    def menu_item_class(self):
        """Under « Éducation » for whoever may list the families, except the Régie, whose
        same list is under its own menu (menu_regie_comptes_famille)."""
        base = super().menu_item_class

        def is_shown(item, request) -> bool:
            return not menu_regie(request.user) and base.is_shown(item, request)

        return type("FoyerMenuItem", (base,), {"is_shown": is_shown})

    index_view_class = FoyerIndexView
    edit_view_class = FoyerEditView
    filterset_class = FoyerFilterSet
    # « Télécharger CSV / XLSX » on the list, following its filters and search.
    list_export = [
        "numero",
        "titulaire.last_name",
        "titulaire.first_name",
        "titulaire.emails",
        "adresse",
        "code_postal",
        "ville",
        "telephone",
        "situation",
        "regime",
        "numero_allocataire",
        "reside_commune",
        "dossier_papier",
        "libelle_dossier",
        "second_parent",
        "titulaire.last_login",
    ]
    export_headings = {
        "numero": "Numéro de famille",
        "titulaire.last_name": "Nom du titulaire",
        "titulaire.first_name": "Prénom du titulaire",
        "titulaire.emails": "E-mails",
        "libelle_dossier": "Dossier de la campagne en cours",
        "second_parent": "Compte de second parent",
        "titulaire.last_login": "Dernière connexion (vide : jamais connecté)",
    }
    export_filename = "comptes-famille"
    list_display = [
        # A plain name first: Wagtail makes it the title column, with the row's buttons.
        "numero",
        Column("titulaire", label="Titulaire", sort_key="titulaire__last_name"),
        Column("ville", label="Ville", sort_key="ville"),
        Column("libelle_dossier", label="Dossier de l'année"),
        OuiNonColumn("second_parent", label="Second parent"),
        OuiNonColumn("dossier_papier", label="Dossier papier"),
    ]
    # Searched through the normalised column (FoyerIndexView.search_queryset).
    search_fields = ["recherche"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "numero",
        "titulaire",
        "adresse",
        "complement_adresse",
        "code_postal",
        "ville",
        "telephone",
        "situation",
        "dossier_papier",
        "cree_le",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("prenom_titulaire"), FieldPanel("nom_titulaire")]),
                    FieldPanel("emails_titulaire"),
                ],
                heading="Titulaire du compte",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("adresse"),
                    FieldPanel("complement_adresse"),
                    FieldRowPanel([FieldPanel("code_postal"), FieldPanel("ville")]),
                    FieldRowPanel([FieldPanel("telephone"), FieldPanel("telephone_secours")]),
                ],
                heading="Coordonnées",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("situation"),
                    FieldPanel("nombre_enfants"),
                    FieldRowPanel([FieldPanel("regime"), FieldPanel("numero_allocataire")]),
                    FieldPanel("reside_commune"),
                ],
                heading="Situation",
            ),
            FieldPanel("dossier_papier"),
        ],
        base_form_class=FoyerAdminForm,
    )

    def get_queryset(self, request):
        # Each row says where its dossier of the current campaign stands (services/suivi.py).
        return suivi_service.annoter(
            Foyer.objects.select_related("titulaire"), campagne_service.campagne_courante()
        )

    @property
    def add_view(self):
        return CreationCompteFamilleView.as_view(viewset=self)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("second-parent/<int:pk>/", SecondParentView.as_view(), name="second_parent"),
            path("famille/<int:pk>/", fiche_famille.fiche_famille, name="famille"),
        ]


class ComptesFamilleRegieMenuItem(EntreeMenu):
    def is_shown(self, request) -> bool:
        return menu_regie(request.user) and request.user.has_perm("dossiers.view_foyer")


@hooks.register(MENU_REGIE)
def menu_regie_comptes_famille() -> EntreeMenu:
    return ComptesFamilleRegieMenuItem(
        "Comptes famille",
        reverse("wagtailsnippets_dossiers_foyer:list"),
        name="comptes-famille",
        icon_name="group",
        order=100,
    )


register_snippet(FoyerViewSet)
hooks.register("register_bulk_action", CourriersBulkAction)
