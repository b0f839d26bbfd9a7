"""Links of the Dossier Famille tab from the route names the services return (services never
build URLs): `{% lien_onglet page ligne.route ligne.args %}`."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def lien_onglet(context, page, route: str, args=()) -> str:
    # The page's own URL is read once per rendering: a list of links costs no query per line.
    cache = context.render_context.setdefault("dossier_liens", {})
    if page.pk not in cache:
        cache[page.pk] = page.get_url(context.get("request"))
    return cache[page.pk] + page.reverse_subpage(route, args=tuple(args))
