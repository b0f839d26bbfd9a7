"""Admin of accounts for the Education service: the « Éducation » menu that every family
admin joins (through the hook name MENU_EDUCATION), the structures and the read-only security
journal (« Journal de sécurité »)."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Evenement, Structure

# Other apps put their viewsets in the Éducation menu with `menu_hook = MENU_EDUCATION`.
MENU_EDUCATION = "register_education_menu_item"
# The Régie's own menu (acces.menu_regie): the family lists it reads, never under « Éducation ».
MENU_REGIE = "register_regie_menu_item"


class StructureViewSet(SnippetViewSet):
    model = Structure
    icon = "home"
    menu_label = "Structures"
    menu_order = 300
    menu_hook = MENU_EDUCATION
    list_display = ["nom", "slug", "commune", "reglement_page"]
    search_fields = ["nom", "commune"]
    panels = [
        FieldPanel("nom"),
        FieldPanel("slug"),
        FieldPanel("commune"),
        FieldPanel("adresse"),
        FieldPanel("reglement_page"),
        FieldPanel("ordre"),
    ]


class JournalPermissionPolicy(ModelPermissionPolicy):
    """The journal is evidence: nobody, not even a superuser, adds, edits or deletes it."""

    LECTURE = {"view"}

    def user_has_permission(self, user, action):
        return action in self.LECTURE and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a in self.LECTURE])


register_permission_policy(Evenement, JournalPermissionPolicy(Evenement))


class JournalViewSet(SnippetViewSet):
    model = Evenement
    icon = "history"
    menu_label = "Journal de sécurité"
    menu_order = 900
    menu_hook = MENU_EDUCATION
    url_prefix = "journal-securite"
    inspect_view_enabled = True
    list_display = ["date", "type", "identifiant", "compte", "adresse_ip", "auteur", "detail"]
    list_filter = {"type": ["exact"], "date": ["gte", "lte"]}
    search_fields = ["identifiant", "detail"]
    list_per_page = 50
    inspect_view_fields = [
        "date",
        "type",
        "identifiant",
        "compte",
        "adresse_ip",
        "auteur",
        "detail",
    ]
    copy_view_enabled = False

    def get_queryset(self, request):
        return Evenement.objects.select_related("compte", "auteur")

    def get_index_view_kwargs(self, **kwargs):
        # The list is titled as its menu; the model's plural counts events (« 14 événements »).
        return super().get_index_view_kwargs(page_title=self.menu_label, **kwargs)


class EducationGroup(ViewSetGroup):
    """The Education service's menu; other apps add their items through MENU_EDUCATION."""

    menu_label = "Éducation"
    menu_icon = "group"
    menu_order = 150
    submenu_hook = MENU_EDUCATION
    items = ()


class RegieGroup(ViewSetGroup):
    """The Régie's menu; shown only when one of its items is (apps add them via MENU_REGIE)."""

    menu_label = "Régie"
    menu_icon = "tag"
    menu_order = 155
    submenu_hook = MENU_REGIE
    items = ()


register_snippet(StructureViewSet)
register_snippet(JournalViewSet)


# Registered as a menu item, not through register_admin_viewset: the group holds no viewset
# of its own, and the menu must exist even before the admin URLs are loaded.
hooks.register("register_admin_menu_item", EducationGroup().get_menu_item)
hooks.register("register_admin_menu_item", RegieGroup().get_menu_item)
