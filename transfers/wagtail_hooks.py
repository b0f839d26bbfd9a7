"""« Imports et exports » in the Wagtail admin menu. The views check permissions themselves;
the menu only hides what the user may not use."""

from __future__ import annotations

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet

from . import urls
from .listes import listes_permises
from .models import CorrespondanceClasse, CorrespondanceEcole
from .views.base import types_permis


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("transferts/", include(urls, namespace="transfers"))]


class ImportsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(types_permis(request.user))


class ExportsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(listes_permises(request.user))


class TransfertsMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return bool(types_permis(request.user) or listes_permises(request.user))


class CorrespondanceEcoleViewSet(ModelViewSet):
    """The school names of the files staff mapped in an import preview: to check or undo.
    Model viewsets, not snippets: they belong to the « Imports et exports » menu."""

    model = CorrespondanceEcole
    name = "correspondances_ecoles"
    icon = "home"
    add_to_admin_menu = False
    list_display = ["nom", "ecole"]
    search_fields = ["nom"]
    copy_view_enabled = False
    inspect_view_enabled = False
    panels = [FieldPanel("nom"), FieldPanel("ecole")]


class CorrespondanceClasseViewSet(ModelViewSet):
    model = CorrespondanceClasse
    name = "correspondances_classes"
    icon = "list-ul"
    add_to_admin_menu = False
    list_display = ["nom", "ecole", "classe"]
    search_fields = ["nom"]
    copy_view_enabled = False
    inspect_view_enabled = False
    panels = [FieldPanel("ecole"), FieldPanel("nom"), FieldPanel("classe")]


@hooks.register("register_admin_viewset")
def register_correspondances():
    return [CorrespondanceEcoleViewSet(), CorrespondanceClasseViewSet()]


class CorrespondancesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("transfers.view_correspondanceecole")


@hooks.register("register_admin_menu_item")
def register_menu():
    menu = Menu(
        items=[
            ImportsMenuItem(
                "Importer",
                reverse("transfers:accueil"),
                name="importer",
                icon_name="upload",
                order=100,
            ),
            ImportsMenuItem(
                "Historique des imports",
                reverse("transfers:historique"),
                name="historique-imports",
                icon_name="history",
                order=200,
            ),
            CorrespondancesMenuItem(
                "Écoles retenues des imports",
                reverse("correspondances_ecoles:index"),
                name="correspondances-ecoles",
                icon_name="home",
                order=250,
            ),
            CorrespondancesMenuItem(
                "Classes retenues des imports",
                reverse("correspondances_classes:index"),
                name="correspondances-classes",
                icon_name="list-ul",
                order=260,
            ),
            ExportsMenuItem(
                "Exporter",
                reverse("transfers:exports"),
                name="exporter",
                icon_name="download",
                order=300,
            ),
        ]
    )
    return TransfertsMenuItem(
        "Imports et exports", menu, name="imports-exports", icon_name="resubmit", order=900
    )
