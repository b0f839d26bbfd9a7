from __future__ import annotations

from django import template
from wagtail.models import Site

from home.models import ContactPage, FaqPage, LegalPage

register = template.Library()


@register.inclusion_tag("home/includes/liens_pied_de_page.html", takes_context=True)
def liens_pied_de_page(context) -> dict:
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    pages = LegalPage.objects.live().order_by("path") if site else LegalPage.objects.none()
    return {
        "pages_legales": pages,
        "faq": FaqPage.objects.live().first(),
        "contact": ContactPage.objects.live().first(),
        "request": request,
    }


@register.simple_tag
def page_faq():
    return FaqPage.objects.live().first()


@register.simple_tag
def page_contact():
    return ContactPage.objects.live().first()
