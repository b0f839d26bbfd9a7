"""Signatures of the règlement intérieur for the Education service (menu Éducation): a
read-only list with filters, the detail, and the signed fiche as a PDF. Signatures are
evidence: nobody adds, edits or deletes them in the admin."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from famille.comptes.models import Structure
from famille.comptes.wagtail_hooks import MENU_EDUCATION

from ..models import SignatureReglement
from ..views.reglement import reponse_pdf


class SignaturePermissionPolicy(ModelPermissionPolicy):
    LECTURE = {"view"}

    def user_has_permission(self, user, action):
        return action in self.LECTURE and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a in self.LECTURE])


politique = SignaturePermissionPolicy(SignatureReglement)
register_permission_policy(SignatureReglement, politique)


def telecharger_pdf(request, pk: int):
    if not politique.user_has_permission(request.user, "view"):
        raise PermissionDenied
    signature = get_object_or_404(
        SignatureReglement.objects.select_related("enfant", "revision", "page", "structure"),
        pk=pk,
    )
    return reponse_pdf(signature)


def url_pdf(signature: SignatureReglement) -> str:
    return reverse("wagtailsnippets_dossiers_signaturereglement:pdf", args=[signature.pk])


class SignatureFilterSet(WagtailFilterSet):
    structure = django_filters.ModelChoiceFilter(
        label="Structure", queryset=Structure.objects.all()
    )
    ecole = django_filters.CharFilter(
        label="École", field_name="enfant__ecole__nom", lookup_expr="icontains"
    )
    signe_apres = django_filters.DateFilter(
        label="Signé à partir du", field_name="signe_le", lookup_expr="date__gte"
    )
    signe_avant = django_filters.DateFilter(
        label="Signé jusqu'au", field_name="signe_le", lookup_expr="date__lte"
    )

    class Meta:
        model = SignatureReglement
        fields = ["structure", "ecole", "signe_apres", "signe_avant"]


class SignatureIndexView(snippet_views.IndexView):
    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + [
            MenuItem("Télécharger la fiche signée (PDF)", url_pdf(instance), icon_name="download")
        ]


class SignatureViewSet(SnippetViewSet):
    model = SignatureReglement
    icon = "doc-full"
    menu_label = "Règlements signés"
    menu_order = 400
    menu_hook = MENU_EDUCATION
    url_prefix = "reglements-signes"
    index_view_class = SignatureIndexView
    filterset_class = SignatureFilterSet
    list_display = [
        # A plain field name first: Wagtail makes it the title column that carries the buttons.
        "enfant",
        Column("structure", label="Structure"),
        Column("nom", label="Signé par"),
        Column("lieu", label="Fait à"),
        Column("signe_le", label="Le", sort_key="signe_le"),
        Column("version", label="Version"),
    ]
    search_fields = ["nom", "enfant__nom", "enfant__prenom", "compte__username"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "enfant",
        "compte",
        "structure",
        "page",
        "version",
        "empreinte",
        "nom",
        "lieu",
        "signe_le",
        "enregistre_le",
        "adresse_ip",
        "saisie_par",
    ]

    def get_queryset(self, request):
        return SignatureReglement.objects.select_related(
            "enfant", "structure", "compte", "revision"
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("pdf/<int:pk>/", telecharger_pdf, name="pdf")]


register_snippet(SignatureViewSet)
