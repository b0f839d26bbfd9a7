"""Answers to the request forms hold parents' personal data: in the admin, only the Education
service (and superusers) read them, not communications staff who edit the form pages.

Wagtail's « Formulaires » menu item is shown to whoever may read one form's answers, but its
list (/admin/forms/) asks for a page permission (add, change, publish…) that the Education
service does not have (it edits no page): the item led to a permission error. So the item is
removed for whoever cannot open that list, and the Education service reads the answers from
« Éducation › Demandes des familles », which lists the same forms and links to their answers
(/admin/forms/submissions/<id>/, which checks the same right)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.contrib.forms.utils import get_forms_for_user
from wagtail.contrib.forms.views import FormPagesListView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from famille.comptes.acces import lit_demandes
from famille.comptes.wagtail_hooks import MENU_EDUCATION

from .models import DemandePage

NOM_URL = "formulaires_demandes"


@hooks.register("filter_form_submissions_for_user")
def reponses_reservees_au_service_education(user, formulaires):
    if lit_demandes(user):
        return Page.objects.type(DemandePage)
    return formulaires.none()


def ouvre_la_liste_des_formulaires(user) -> bool:
    """What Wagtail's /admin/forms/ asks before it shows anything."""
    return policy_registry.get_by_type(Page).user_has_any_permission(
        user, FormPagesListView.any_permission_required
    )


@hooks.register("construct_main_menu")
def sans_menu_menant_a_un_refus(request, menu_items: list) -> None:
    if not ouvre_la_liste_des_formulaires(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "forms"]


def demandes(request: HttpRequest) -> HttpResponse:
    if not lit_demandes(request.user):
        return permission_denied(request)
    formulaires = get_forms_for_user(request.user).specific().order_by("title")
    lignes = [(f, f.get_submission_class().objects.filter(page=f).count()) for f in formulaires]
    return TemplateResponse(request, "forms/admin/demandes.html", {"lignes": lignes})


@hooks.register("register_admin_urls")
def urls_demandes():
    return [path("demandes/", demandes, name=NOM_URL)]


class DemandesMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return lit_demandes(request.user) and get_forms_for_user(request.user).exists()


@hooks.register(MENU_EDUCATION)
def menu_demandes() -> MenuItem:
    return DemandesMenuItem(
        "Demandes des familles",
        reverse(NOM_URL),
        name="demandes-des-familles",
        icon_name="form",
        order=960,
    )
