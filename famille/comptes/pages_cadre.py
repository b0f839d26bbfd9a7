"""The pages of the portal's frame, each read once per request (issue 15.6: every parent page in
at most 20 queries, the page routing included).

- `sous_pages_accueil`: the children of the home page (the tabs, the FAQ, the contact and legal
  pages, the règlements, the forms) as base Page rows in tree order, one query per request
  (famille/comptes/memo.py). The page routing, the tabs of the header and the links of the
  footer all read this one list.
- `RoutageAccueilMixin.route`: routing to a child of the home page takes it from that list,
  then reads its specific row (one query), instead of Wagtail's two.
- `RestrictionsEnUneRequeteMixin.get_view_restrictions`: the view restrictions of a page and its
  ancestors in one query (Wagtail reads the ancestors, then the restrictions).

Limits: one site per request (the memo holds the children of one home page); an alias is
followed two levels deep for its restrictions (an alias of an alias of an alias would be
checked against the middle one). Outside a request nothing is kept (the memo computes afresh)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from wagtail.models import Page, PageViewRestriction

from .memo import deja_lu, memoriser

CLE_SOUS_PAGES = "sous_pages_accueil"


def sous_pages_accueil(accueil: Page) -> list[Page]:
    """The children of the home page, live or not (routing answers 404 for a draft itself),
    in tree order."""
    return memoriser(CLE_SOUS_PAGES, lambda: list(Page.objects.child_of(accueil).order_by("path")))


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
        return sous_page.specific.route(request, reste)


class RestrictionsEnUneRequeteMixin:
    """View restrictions of the page and of its ancestors (the source page of an alias) in one
    query: the ancestors' paths are prefixes of the page's own."""

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        pas = self.steplen
        chemins = [self.path[:fin] for fin in range(pas, len(self.path) + 1, pas)]
        sources = (
            Page.objects.filter(path__in=chemins)
            .annotate(source=Coalesce("alias_of__alias_of_id", "alias_of_id", "id"))
            .values("source")
        )
        return PageViewRestriction.objects.filter(page_id__in=sources)
