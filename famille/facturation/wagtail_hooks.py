"""Billing admin (menu « Facturation », groups Éducation and Régie): tariffs, quotients with
their source, billing rules and the structure's modifiers, the ledger lines with filters and
export, each family's ledger (« Compte de la famille », admin_compte.py), balances, and statements to
download again or send. Ledger lines, balances and statements are never edited here: lines
come from the job or the payment services, and a correction is a new line."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django_q.tasks import async_task
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from famille.comptes.models import Structure
from famille.comptes.wagtail_hooks import JournalPermissionPolicy
from famille.reservations.models import Prestation

from . import admin_compte  # noqa: F401  (registers « Compte de la famille »)
from .admin import regie  # noqa: F401  (the Régie's menu, counter and attestations)
from .models import (
    Facture,
    LigneCompte,
    ParametresFacturation,
    QuotientFamilial,
    RegiePaiement,
    ReglesFacturation,
    Solde,
    Tarif,
    TransactionPaiement,
)
from .services import factures

MENU_FACTURATION = "register_facturation_menu_item"


class LecturePolicy(JournalPermissionPolicy):
    """Evidence (lines, balances, statements), like the security journal: « view » only through
    the generic views; sending a statement checks its own permission."""


for modele in (LigneCompte, Solde, Facture, TransactionPaiement):
    register_permission_policy(modele, LecturePolicy(modele))


class TarifViewSet(SnippetViewSet):
    model = Tarif
    icon = "tag"
    menu_label = "Tarifs"
    menu_order = 100
    menu_hook = MENU_FACTURATION
    list_display = ["prestation", "tranche", "prix", "hors_commune", "debut", "fin"]
    list_filter = {"prestation": ["exact"], "hors_commune": ["exact"]}
    panels = [
        FieldPanel("prestation"),
        FieldPanel("qf_min"),
        FieldPanel("qf_max"),
        FieldPanel("hors_commune"),
        FieldPanel("prix"),
        FieldPanel("reduction_fratrie"),
        FieldPanel("debut"),
        FieldPanel("fin"),
    ]


class SaisiParMixin:
    """The agent who enters (or corrects) a quotient is recorded with it."""

    def save_instance(self):
        self.form.instance.saisi_par = self.request.user
        return super().save_instance()


class QuotientCreateView(SaisiParMixin, snippet_views.CreateView):
    pass


class QuotientEditView(SaisiParMixin, snippet_views.EditView):
    pass


class QuotientViewSet(SnippetViewSet):
    model = QuotientFamilial
    add_view_class = QuotientCreateView
    edit_view_class = QuotientEditView
    icon = "tasks"
    menu_label = "Quotients familiaux"
    menu_order = 200
    menu_hook = MENU_FACTURATION
    list_display = [
        "foyer",
        "valeur",
        "debut",
        "source",
        "revenu_fiscal",
        "nombre_parts",
        "saisi_par",
    ]
    list_filter = {"source": ["exact"], "debut": ["gte"]}
    search_fields = ["foyer__numero", "foyer__titulaire__last_name"]
    panels = [
        FieldPanel("foyer"),
        FieldPanel("debut"),
        HelpPanel(
            "Avis d'imposition : saisissez le revenu fiscal de référence et le nombre de parts, "
            "le quotient est calculé (revenu / 12 / nombre de parts). Sinon, le quotient de la "
            "CAF ou de la MSA. Sans quotient, la tranche la plus haute s'applique."
        ),
        FieldPanel("revenu_fiscal"),
        FieldPanel("nombre_parts"),
        FieldPanel("valeur"),
        FieldPanel("source"),
    ]

    def get_queryset(self, request):
        return QuotientFamilial.objects.select_related("foyer__titulaire", "saisi_par")


class ReglesViewSet(SnippetViewSet):
    model = ReglesFacturation
    icon = "cogs"
    menu_label = "Facturation des prestations"
    menu_order = 300
    menu_hook = MENU_FACTURATION
    list_display = ["prestation", "mode", "categorie"]


class ParametresViewSet(SnippetViewSet):
    model = ParametresFacturation
    icon = "cog"
    menu_label = "Majorations et relances"
    menu_order = 400
    menu_hook = MENU_FACTURATION
    list_display = ["structure", "absence_justifiee", "absence_non_justifiee", "seuil_relance"]


class LigneFilterSet(WagtailFilterSet):
    structure = django_filters.ModelChoiceFilter(
        label="Structure", queryset=Structure.objects.all()
    )
    foyer = django_filters.CharFilter(
        label="Compte famille (numéro)", field_name="foyer__numero", lookup_expr="iexact"
    )
    prestation = django_filters.ModelChoiceFilter(
        label="Prestation", queryset=Prestation.objects.all()
    )
    type = django_filters.ChoiceFilter(label="Type", choices=LigneCompte.Type.choices)
    categorie = django_filters.ChoiceFilter(
        label="Catégorie", choices=LigneCompte.Categorie.choices
    )
    du = django_filters.DateFilter(label="Du", field_name="jour", lookup_expr="gte")
    au = django_filters.DateFilter(label="Au", field_name="jour", lookup_expr="lte")

    class Meta:
        model = LigneCompte
        fields = ["structure", "foyer", "prestation", "type", "categorie", "du", "au"]


class LigneViewSet(SnippetViewSet):
    model = LigneCompte
    icon = "list-ul"
    menu_label = "Lignes de compte"
    menu_order = 500
    menu_hook = MENU_FACTURATION
    filterset_class = LigneFilterSet
    list_display = [
        "libelle",
        Column("jour", label="Jour", sort_key="jour"),
        Column("foyer", label="Compte famille"),
        Column("type", label="Type", accessor="get_type_display"),
        Column("categorie", label="Catégorie", accessor="get_categorie_display"),
        Column("montant", label="Montant (€)"),
    ]
    list_export = [
        "jour",
        "foyer.numero",
        "structure.slug",
        "type",
        "categorie",
        "libelle",
        "enfant",
        "prestation",
        "quantite",
        "prix_unitaire",
        "montant",
        "tranche",
        "qf",
        "etat",
        "modificateur",
        "source_type",
        "source_id",
        "version",
        "cree_le",
    ]
    export_filename = "lignes-de-compte"
    search_fields = ["libelle", "foyer__numero"]
    list_per_page = 100
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "foyer",
        "structure",
        "type",
        "jour",
        "libelle",
        "montant",
        "categorie",
        "enfant",
        "prestation",
        "quantite",
        "prix_unitaire",
        "tarif",
        "qf",
        "tranche",
        "etat",
        "modificateur",
        "explication",
        "source_type",
        "source_id",
        "version",
        "annule",
        "cree_par",
        "cree_le",
    ]

    def get_queryset(self, request):
        return LigneCompte.objects.select_related("foyer", "structure", "enfant", "prestation")


class SoldeIndexView(snippet_views.IndexView):
    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + [
            MenuItem(
                "Compte de la famille",
                reverse(admin_compte.NOM_URL, args=[instance.foyer_id]),
                icon_name="doc-full-inverse",
            )
        ]


class SoldeFilterSet(WagtailFilterSet):
    SITUATIONS = [
        ("debiteurs", "Débiteurs (reste à régler)"),
        ("crediteurs", "Créditeurs (avance)"),
        ("a_zero", "À zéro"),
    ]
    situation = django_filters.ChoiceFilter(
        label="Situation", choices=SITUATIONS, method="filtrer_situation"
    )
    structure = django_filters.ModelChoiceFilter(
        label="Structure", queryset=Structure.objects.all()
    )

    class Meta:
        model = Solde
        fields = ["situation", "structure"]

    def filtrer_situation(self, queryset, nom, valeur):
        return {
            "debiteurs": queryset.filter(montant__lt=0),
            "crediteurs": queryset.filter(montant__gt=0),
            "a_zero": queryset.filter(montant=0),
        }.get(valeur, queryset)


class SoldeViewSet(SnippetViewSet):
    model = Solde
    index_view_class = SoldeIndexView
    icon = "doc-full-inverse"
    menu_label = "Soldes"
    menu_order = 600
    menu_hook = MENU_FACTURATION
    list_display = ["foyer", "structure", "montant", "modifie_le"]
    filterset_class = SoldeFilterSet
    list_export = ["foyer.numero", "structure.slug", "montant", "modifie_le"]
    export_filename = "soldes"
    search_fields = ["foyer__numero"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return Solde.objects.select_related("foyer__titulaire", "structure")


def _facture_permise(request, pk: int, action: str) -> Facture:
    # The policy allows no « change » through generic views; sending needs the model permission.
    if not request.user.has_perm(f"facturation.{action}_facture"):
        raise PermissionDenied
    return get_object_or_404(Facture.objects.select_related("foyer", "structure"), pk=pk)


def facture_pdf(request, pk: int) -> HttpResponse:
    facture = _facture_permise(request, pk, "view")
    reponse = HttpResponse(factures.pdf(facture), content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="facture-{facture.reference}.pdf"'
    return reponse


def facture_envoyer(request, pk: int):
    facture = _facture_permise(request, pk, "change")
    if request.method != "POST":
        return TemplateResponse(
            request, "facturation/admin/envoyer_facture.html", {"facture": facture}
        )
    # Queued: the PDF and the e-mail are built by the worker, not in this request.
    async_task("famille.facturation.tasks.envoyer_facture", facture.pk)
    messages.success(request, f"La facture {facture.reference} part par e-mail.")
    return redirect(reverse("wagtailsnippets_facturation_facture:list"))


class FactureIndexView(snippet_views.IndexView):
    def get_list_more_buttons(self, instance):
        boutons = super().get_list_more_buttons(instance) + [
            MenuItem(
                "Télécharger le PDF",
                reverse("wagtailsnippets_facturation_facture:pdf", args=[instance.pk]),
                icon_name="download",
            )
        ]
        if self.request.user.has_perm("facturation.change_facture"):
            boutons.append(
                MenuItem(
                    "Envoyer par e-mail",
                    reverse("wagtailsnippets_facturation_facture:envoyer", args=[instance.pk]),
                    icon_name="mail",
                )
            )
        return boutons


class FactureViewSet(SnippetViewSet):
    model = Facture
    icon = "doc-full"
    menu_label = "Factures"
    menu_order = 700
    menu_hook = MENU_FACTURATION
    index_view_class = FactureIndexView
    list_display = ["reference", "foyer", "structure", "mois", "total", "solde", "envoyee_le"]
    list_filter = {"structure": ["exact"], "annee": ["exact"], "mois": ["exact"]}
    list_export = ["annee", "numero", "foyer.numero", "structure.slug", "mois", "total", "solde"]
    export_filename = "factures"
    search_fields = ["foyer__numero"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Facture.objects.select_related("foyer__titulaire", "structure")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("pdf/<int:pk>/", facture_pdf, name="pdf"),
            path("envoyer/<int:pk>/", facture_envoyer, name="envoyer"),
        ]


class RegiePaiementForm(WagtailAdminModelForm):
    def clean(self):
        donnees = super().clean()
        banque = donnees.get("banque")
        if banque == RegiePaiement.Banque.FICTIVE and not settings.BANQUE_FICTIVE:
            self.add_error("banque", "La banque fictive n'existe pas sur ce portail (production).")
        numcli = donnees.get("numcli") or ""
        if banque == RegiePaiement.Banque.PAYFIP and not (len(numcli) == 6 and numcli.isdigit()):
            self.add_error("numcli", "Le numéro client PayFiP compte six chiffres.")
        return donnees


class RegiePaiementViewSet(SnippetViewSet):
    model = RegiePaiement
    icon = "credit-card"
    menu_label = "Paiement en ligne (PayFiP)"
    menu_order = 800
    menu_hook = MENU_FACTURATION
    list_display = ["structure", "banque", "saisie", "actif"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("structure"),
            FieldPanel("actif"),
            FieldPanel("banque"),
            HelpPanel(
                "Chaque structure est sa propre régie. Mode « Test » pour les essais avec la "
                "DGFiP, « Activation » pour le paiement réel de contrôle, « Production » ensuite."
            ),
            FieldPanel("numcli"),
            FieldPanel("saisie"),
        ],
        base_form_class=RegiePaiementForm,
    )


class TransactionViewSet(SnippetViewSet):
    model = TransactionPaiement
    icon = "list-ol"
    menu_label = "Transactions en ligne"
    menu_order = 900
    menu_hook = MENU_FACTURATION
    list_display = ["pk", "foyer", "structure", "montant", "etat", "demande_le", "idop"]
    list_filter = {"structure": ["exact"], "etat": ["exact"], "demande_le": ["gte"]}
    search_fields = ["foyer__numero", "idop"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "foyer",
        "structure",
        "montant",
        "reference",
        "banque",
        "idop",
        "etat",
        "demande_le",
        "verifie_le",
        "verifications",
        "termine_le",
        "statut_banque",
        "donnees_banque",
        "ligne",
        "numero_ticket",
        "annee_ticket",
        "ticket_envoye_le",
    ]

    def get_queryset(self, request):
        return TransactionPaiement.objects.select_related("foyer", "structure")


class FacturationGroup(ViewSetGroup):
    menu_label = "Facturation"
    menu_icon = "tag"
    menu_order = 160
    submenu_hook = MENU_FACTURATION
    items = ()


for viewset in (
    TarifViewSet,
    QuotientViewSet,
    ReglesViewSet,
    ParametresViewSet,
    LigneViewSet,
    SoldeViewSet,
    FactureViewSet,
    RegiePaiementViewSet,
    TransactionViewSet,
):
    register_snippet(viewset)

hooks.register("register_admin_menu_item", FacturationGroup().get_menu_item)
