"""The admin's « Aide » menu points to the staff guide written for the Education service
(in French, from the screens as they are), instead of Wagtail's English editor guide and its
« what's new » page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

NOM_URL = "dossiers_guide_education"
# Wagtail's own help items: English pages on wagtail.org, of no use to the service.
RETIRES = {"editor-guide"}


def guide(request: HttpRequest) -> HttpResponse:
    # Any admin user may read the guide (the admin's own login check applies).
    return TemplateResponse(request, "dossiers/admin/guide.html", {})


@hooks.register("register_admin_urls")
def urls_guide():
    return [path("guide-education/", guide, name=NOM_URL)]


@hooks.register("register_help_menu_item")
def menu_guide() -> MenuItem:
    return MenuItem(
        "Guide du service Éducation",
        reverse(NOM_URL),
        icon_name="help",
        order=10,
        name="guide-education",
    )


@hooks.register("construct_help_menu")
def sans_guides_anglais(request, menu_items: list) -> None:
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in RETIRES and not item.name.startswith("whats-new-in-wagtail")
    ]


@hooks.register("construct_homepage_panels")
def sans_nouveautes_wagtail(request, panels: list) -> None:
    # The dashboard's « what's new in Wagtail » banner links to the English editor guide.
    panels[:] = [p for p in panels if getattr(p, "name", "") != "whats_new_in_wagtail_version"]
