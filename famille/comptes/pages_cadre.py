"""The pages of the portal's frame: the site, the home page and its children, kept by each
process for one generation of the page tree (issue 15.6: every parent page in at most 20
queries; issue 15.7: the routing was a third of the CPU of a booking page — 6 to 7 ms of
18 to 21, five queries: the site, the home page and its specific row, its children, the
child's specific row).

- The generation is portail/cache_pages.py's: publishing, unpublishing, moving, renaming or
  deleting a page, saving a site or a setting starts a new one, in the default cache (Redis,
  else the database) that every process reads once per request; a process that sees a new
  generation reads the tree again. Each request gets its own copies of the kept pages (a view
  may set attributes on its page; nothing is shared between requests but the field values).
- `SiteDuCadreMiddleware`: the request's Wagtail site (what `Site.find_for_request` would
  find), its root page already specific.
- `sous_pages_accueil`: the children of the home page (the tabs, the FAQ, the contact and legal
  pages, the règlements, the forms), specific, in tree order (famille/comptes/memo.py keeps the
  copies of one request). The page routing, the tabs of the header and the links of the
  footer all read this one list.
- `RoutageAccueilMixin.route`: routing to a child of the home page takes it from that list,
  without a query.
- `RestrictionsEnUneRequeteMixin.get_view_restrictions`: the view restrictions of a page and its
  ancestors from those kept for the generation (no query), or in one query when the tree holds
  an alias (Wagtail reads the ancestors, then the restrictions).

Limits: one site per request (the memo holds the children of one home page); an alias is
followed two levels deep for its restrictions (an alias of an alias of an alias would be
checked against the middle one). Outside a request nothing is kept (computed afresh). A draft
saved changes nothing served (the live fields are kept); a draft child created shows in the
list at the next generation (it is a 404 until published anyway). The cache not answering:
each request reads the tree as before (no generation, nothing kept)."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db.models import F, Model, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from portail.cache_pages import generation_partagee

from .memo import deja_lu, memoriser

CLE_SOUS_PAGES = "sous_pages_accueil"
M = TypeVar("M", bound=Model)


# Values kept per generation at most (sites by host and port, children of each home page).
GARDEES_MAX = 64


class _Gardees:
    """What this process keeps for one generation: sites by (host, port), children by home."""

    verrou = threading.Lock()
    generation: int | None = None
    valeurs: dict = {}


def garde_par_generation(cle, calcul: Callable[[], M | list[M] | None]):
    """The kept value for `cle` in the current generation (computed once), or computed afresh
    when there is no generation (the cache does not answer)."""
    generation = memoriser("generation_arbre_pages", generation_partagee)
    if generation is None:
        return calcul()
    with _Gardees.verrou:
        if _Gardees.generation != generation:
            _Gardees.generation, _Gardees.valeurs = generation, {}
        if cle in _Gardees.valeurs:
            return _Gardees.valeurs[cle]
    valeur = calcul()  # outside the lock: two threads may both read it, once
    with _Gardees.verrou:
        # Bounded: host names come from the visitors (a wildcard in ALLOWED_HOSTS lets any
        # subdomain through); past the bound, computed per request.
        if _Gardees.generation == generation and len(_Gardees.valeurs) < GARDEES_MAX:
            _Gardees.valeurs[cle] = valeur
    return valeur


def copie_propre(instance: M) -> M:
    """A request's own copy of a kept instance: its attributes and its related objects' cache
    are its own (what Django's pickling copies, without the pickling)."""
    nouvelle = instance.__class__.__new__(instance.__class__)
    nouvelle.__dict__ = instance.__dict__.copy()
    nouvelle._state = copy.copy(instance._state)
    nouvelle._state.fields_cache = {
        nom: copie_propre(valeur) if isinstance(valeur, Model) else valeur
        for nom, valeur in instance._state.fields_cache.items()
    }
    return nouvelle


def exemplaire_garde(cle, lire: Callable[[], M]) -> M:
    """This request's copy of an instance kept for the current generation of the page tree
    (a Wagtail setting: saving one starts a new generation)."""
    return copie_propre(garde_par_generation(cle, lire))


def _site(hote: str, port: int) -> Site | None:
    try:
        site = get_site_for_hostname(hote, port)
    except Site.DoesNotExist:
        return None
    # Kept with its root page, specific (the routing starts from it).
    site.root_page = site.root_page.specific
    return site


def site_du_cadre(request: HttpRequest) -> Site | None:
    """What `Site.find_for_request` finds for this request, from the kept sites."""
    # get_host(): an address outside ALLOWED_HOSTS raises here, and is never kept.
    hote = split_domain_port(request.get_host())[0]
    port = request.get_port()
    site = garde_par_generation(("site", hote, port), lambda: _site(hote, port))
    return copie_propre(site) if site is not None else None


class SiteDuCadreMiddleware:
    """Puts the request's Wagtail site on it, as `Site.find_for_request` would, without a
    query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Not the admin (Wagtail finds its site itself there; an anonymous visitor sent to the
        # login page costs no query).
        if not hasattr(request, "_wagtail_site") and not request.path_info.startswith(
            settings.PREFIXE_ADMINISTRATION
        ):
            try:
                request._wagtail_site = site_du_cadre(request)
            except DisallowedHost:  # Django answers it (400) further down
                pass
        return self.get_response(request)


def sous_pages_accueil(accueil: Page) -> list[Page]:
    """The children of the home page, live or not (routing answers 404 for a draft itself),
    specific, in tree order."""

    def lire() -> list[Page]:
        return list(Page.objects.child_of(accueil).order_by("path").specific())

    return memoriser(
        CLE_SOUS_PAGES,
        lambda: [copie_propre(p) for p in garde_par_generation(("sous_pages", accueil.pk), lire)],
    )


def sous_pages_deja_lues() -> list[Page] | None:
    """The children of the home page if this request has read them already, else None."""
    return deja_lu(CLE_SOUS_PAGES)


def pages_vivantes_de_type(pages: list[Page], *modeles: type) -> list[Page]:
    """The live pages among `pages` whose type is one of `modeles` or a subclass (what
    `.live().type(...)` would select), without a query."""
    return [
        p
        for p in pages
        if p.live and p.specific_class is not None and issubclass(p.specific_class, modeles)
    ]


class RoutageAccueilMixin:
    """For the home page: its children come from `sous_pages_accueil`."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        slug, reste = path_components[0], path_components[1:]
        sous_page = next((p for p in sous_pages_accueil(self) if p.slug == slug), None)
        if sous_page is None:
            raise Http404
        # As Wagtail does: the parent known, treebeard's get_parent() needs no query.
        sous_page._cached_parent_obj = self
        return sous_page.route(request, reste)


# Beyond this many view restrictions in the tree, each page reads its own (one query).
RESTRICTIONS_GARDEES_MAX = 200


def _restrictions_du_site() -> list[tuple[str, PageViewRestriction]] | None:
    """Every view restriction with its page's path, or None when the tree holds an alias (its
    restrictions are its source's, which paths alone do not tell) or too many of them."""
    if Page.objects.filter(alias_of__isnull=False).exists():
        return None
    restrictions = list(
        PageViewRestriction.objects.annotate(chemin=F("page__path")).order_by("pk")[
            : RESTRICTIONS_GARDEES_MAX + 1
        ]
    )
    if len(restrictions) > RESTRICTIONS_GARDEES_MAX:
        return None
    return [(r.chemin, r) for r in restrictions]


class RestrictionsEnUneRequeteMixin:
    """View restrictions of the page and of its ancestors (the source page of an alias) in one
    query: the ancestors' paths are prefixes of the page's own. Without an alias in the tree
    (the usual case), no query at all: every restriction is kept for the generation of the page
    tree (saving or deleting a restriction starts a new one, portail/cache_pages.py), and those
    of this page's path and its ancestors' are the answer — a queryset holding them, so that
    Wagtail's check and `.exists()` read no row, while `.order_by()` (the admin) queries."""

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        pas = self.steplen
        chemins = [self.path[:fin] for fin in range(pas, len(self.path) + 1, pas)]
        sources = (
            Page.objects.filter(path__in=chemins)
            .annotate(source=Coalesce("alias_of__alias_of_id", "alias_of_id", "id"))
            .values("source")
        )
        restrictions = PageViewRestriction.objects.filter(page_id__in=sources)
        if self.alias_of_id is not None:
            return restrictions
        gardees = garde_par_generation("restrictions", _restrictions_du_site)
        if gardees is None:
            return restrictions
        lignes = set(chemins)
        restrictions._result_cache = [copie_propre(r) for chemin, r in gardees if chemin in lignes]
        restrictions._prefetch_done = True
        return restrictions
