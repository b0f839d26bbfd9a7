"""One guard for every Wagtail admin URL that serves a model of the domain (issue 8.2).

Wagtail checks each generic view's own permission (list, edit, delete…), but some of its
generic URLs check only that the user may enter the admin: the snippet choosers
(/admin/snippets/choose/<app>/<model>/…, with their search results and « chosen » JSON) and the
confirmation pages of bulk actions (/admin/bulk/<app>/<model>/<action>/?id=…), which list the
selected objects — so any staff role could list every child, custody rule or signature. Rather
than patch each viewset (and forget the next one), this middleware looks at the view about to
run, and when it serves a model of the domain apps it requires, before the view:

- for a class-based view built for a model (every SnippetViewSet / ModelViewSet / chooser
  view: Wagtail passes `model` to `as_view`): any permission on that model (view, add, change
  or delete — what Wagtail's own list asks), through the model's registered permission policy
  (so the read-only security journal keeps its own);
- for a bulk action: the permission the action needs on its model — delete for « delete »,
  and for our own actions the `permission_requise` they declare (change by default).

Then Wagtail's view runs its own, finer checks. A refusal is Wagtail's usual one: back to the
dashboard with its (French) message, or a 403 for the choosers' XHR requests. Users without
admin access are left to Wagtail (it sends them to the admin's login page).

Limits: views that are plain functions and models outside `APPS_DU_DOMAINE` are not seen here;
such views check their permission themselves (revue, dossiers papier, transferts…), which
tests/test_matrice_admin.py verifies for every admin URL."""

from __future__ import annotations

import inspect
from collections.abc import Callable

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.bulk_action import dispatcher
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.permissions import policy_registry

# The apps whose models hold (or lead to) family data. Compte is comptes' model: Wagtail's
# Users admin falls under the guard too.
APPS_DU_DOMAINE = {"comptes", "dossiers", "reservations", "facturation", "transfers"}
# Choosers open to every admin user: a structure's name and town are public (the règlement
# page of a structure, edited by Communication, picks one).
CHOOSERS_OUVERTS = {"comptes.structure"}
VUES_CHOOSER = {"ChooseView", "ChooseResultsView", "SnippetChosenView", "SnippetChosenMultipleView"}
TOUTES = ("view", "add", "change", "delete")


def _cible_bulk(view_kwargs) -> tuple[type | None, tuple[str, ...]]:
    try:
        modele = apps.get_model(view_kwargs["app_label"], view_kwargs["model_name"])
    except (KeyError, LookupError):
        return None, ()
    action = bulk_action_registry.get_bulk_action_class(
        view_kwargs["app_label"], view_kwargs["model_name"], view_kwargs.get("action", "")
    )
    if action is None:
        return None, ()  # Wagtail answers 404
    defaut = "delete" if action.action_type == "delete" else "change"
    return modele, (getattr(action, "permission_requise", defaut),)


def _cible(view_func, view_kwargs) -> tuple[type | None, tuple[str, ...]]:
    """The domain model a view serves and the permissions of which one is required."""
    if inspect.unwrap(view_func) is dispatcher.index:  # wrapped by require_admin_access
        modele, actions = _cible_bulk(view_kwargs)
    else:
        modele = (getattr(view_func, "view_initkwargs", None) or {}).get("model")
        actions = TOUTES
        vue = getattr(view_func, "view_class", None)
        if modele is not None and vue is not None and vue.__name__ in VUES_CHOOSER:
            if modele._meta.label_lower in CHOOSERS_OUVERTS:
                return None, ()
    if modele is None or modele._meta.app_label not in APPS_DU_DOMAINE:
        return None, ()
    return modele, actions


class GardeAdminMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixe = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if self.prefixe is None:
            self.prefixe = reverse("wagtailadmin_home")
        if not request.path.startswith(self.prefixe):
            return None
        user = request.user
        if not (user.is_authenticated and user.has_perm("wagtailadmin.access_admin")):
            return None
        modele, actions = _cible(view_func, view_kwargs)
        if modele is None:
            return None
        if policy_registry.get_by_type(modele).user_has_any_permission(user, actions):
            return None
        return permission_denied(request)
