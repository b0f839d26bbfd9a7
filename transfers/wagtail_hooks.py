"""« Imports et exports » in the Wagtail admin menu. The views check permissions themselves;
the menu only hides what the user may not use."""

from __future__ import annotations

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import urls
from .listes import listes_permises
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
