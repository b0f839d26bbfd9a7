"""The portal's tabs are Wagtail pages (staff edit their title, help text and order); their
sub-pages are routes of RoutablePageMixin. Only logged-in parents reach them."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page

from .pages_cadre import (
    RestrictionsEnUneRequeteMixin,
    pages_vivantes_de_type,
    sous_pages_deja_lues,
)


class OngletPage(RestrictionsEnUneRequeteMixin, RoutablePageMixin, Page):
    """Base of the parent tabs (Historique, Paiement, Réservations, Dossier Famille)."""

    introduction = RichTextField(
        "texte d'aide", blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    # The tabs are the parent's own space: never in the public search results.
    search_fields: list = []

    class Meta:
        abstract = True

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)

    @classmethod
    def instance(cls) -> OngletPage | None:
        return cls.objects.live().first()

    @classmethod
    def url_de(cls, route: str | None = None, *args, **kwargs) -> str:
        """URL of this tab or of one of its routes, for links from anywhere in the portal. The
        tab page is read once per request (famille/comptes/memo.py), not once per link; not
        at all when the routing has read the home page's children (pages_cadre.py): the URL
        needs only the base Page row."""
        from .memo import memoriser

        page = memoriser(("onglet", cls), cls._page_de_base)
        if page is None:
            return "/"
        if route is None:
            return page.url
        return page.url + cls.get_resolver().reverse(route, *args, **kwargs)

    @classmethod
    def _page_de_base(cls) -> Page | None:
        deja = sous_pages_deja_lues()
        if deja is not None:
            return next(iter(pages_vivantes_de_type(deja, cls)), None)
        return cls.instance()

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["onglet_actif"] = self
        return context
