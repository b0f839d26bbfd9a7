from __future__ import annotations

from django import template
from wagtail.models import Page, Site

from famille.comptes.pages_cadre import pages_vivantes_de_type, sous_pages_accueil
from home.models import ContactPage, FaqPage, HomePage, LegalPage

register = template.Library()


def _pages_du_cadre(request) -> dict:
    """The FAQ, contact and legal pages linked from the menu and the footer of every page.
    Taken from the home page's children the routing read (kept by the process,
    famille/comptes/pages_cadre.py) and kept on the request, since the menu and the footer both
    ask."""
    deja = getattr(request, "_pages_du_cadre", None)
    if deja is not None:
        return deja
    site = Site.find_for_request(request) if request else None
    if site is not None and site.root_page.specific_class is HomePage:
        # Children of the home page (their only parent type), as the routing read them.
        pages = pages_vivantes_de_type(
            sous_pages_accueil(site.root_page), FaqPage, ContactPage, LegalPage
        )
    else:
        pages = list(Page.objects.live().type(FaqPage, ContactPage, LegalPage).order_by("path"))

    def premiere(modele):
        return next((p for p in pages if issubclass(p.specific_class, modele)), None)

    trouvees = {
        "faq": premiere(FaqPage),
        "contact": premiere(ContactPage),
        "pages_legales": [p for p in pages if issubclass(p.specific_class, LegalPage)]
        if site
        else [],
    }
    if request is not None:
        request._pages_du_cadre = trouvees
    return trouvees


@register.inclusion_tag("home/includes/liens_pied_de_page.html", takes_context=True)
def liens_pied_de_page(context) -> dict:
    request = context.get("request")
    return _pages_du_cadre(request) | {"request": request}


@register.simple_tag(takes_context=True)
def page_faq(context):
    return _pages_du_cadre(context.get("request"))["faq"]


@register.simple_tag(takes_context=True)
def page_contact(context):
    return _pages_du_cadre(context.get("request"))["contact"]


@register.simple_tag
def lien_tache(tache) -> str:
    """The link of a « Ce qu'il vous reste à faire » task: its tab's page and route (the
    services name them, never build the URL)."""
    from famille.dossiers.pages import DossierFamillePage
    from famille.reservations.pages import ReservationsPage

    onglets = {"dossier": DossierFamillePage, "reservations": ReservationsPage}
    return onglets[tache.onglet].url_de(tache.route, *tache.args)
