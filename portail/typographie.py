"""French typography of the parent's pages (issue 10.10): a non-breaking space inside « » and
before « : ; ! ? », so that a guillemet or a colon never starts a line on a phone.

Templates, services' messages and editors' content all write ordinary spaces; rather than ask
every string of the portal to remember U+00A0, the rendered HTML of the portal's pages is
corrected in one place. Only text between tags changes: tags and their attributes, and the
content of <textarea>, <pre>, <script> and <style> (what a parent typed, code) are left as
they are. The Wagtail admin (/admin/) is not touched. It cannot add a missing space, nor
remove one before a full stop: those are fixed in the templates, and tests/typographie.py
checks every parent page for all of these rules."""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse

INSECABLE = "\u00a0"
ESPACES = " \t"
# What may change: a run of spaces before « : ; ! ? », or after «. Found by looking for these
# six signs with str.find (C speed: ~0.07 ms each on a 200 kB page) rather than a regex (issue
# 15.7: the former single pass matched every tag of the page, ~5,700 on the big calendar page,
# each through a Python callback: ~5 ms a page, for about a hundred spaces to change). Same
# output as that pass, which read the document left to right: a tag runs from a < to the next
# >, a <textarea>, <pre>, <script> or <style> element up to its closing tag (or the end when
# it is never closed), and neither is changed.
SIGNES = ":;!?»"
PROTEGE = re.compile(r"<(textarea|pre|script|style)\b[^>]*>", re.I)
# Responses already corrected (a public page served from portail.cache_pages) carry this.
DEJA_CORRIGEE = "typographie_corrigee"


def _espaces_a_corriger(html: str) -> list[tuple[int, int]]:
    """(start, end) of each run of spaces before « : ; ! ? » or after «, in order, wherever it
    is (in a tag or not)."""
    runs: dict[int, int] = {}
    for signe in SIGNES:
        i = html.find(signe)
        while i != -1:
            if i and html[i - 1] in ESPACES:
                debut = i - 1
                while debut and html[debut - 1] in ESPACES:
                    debut -= 1
                runs[debut] = i
            i = html.find(signe, i + 1)
    taille = len(html)
    i = html.find("«")
    while i != -1:
        fin = i + 1
        while fin < taille and html[fin] in ESPACES:
            fin += 1
        if fin > i + 1:
            runs[i + 1] = fin
        i = html.find("«", fin)
    return sorted(runs.items())


def _dans_une_balise(html: str, position: int) -> bool:
    """Whether `position` is inside a tag: after a < with no > since, and a > to close it (a
    < never closed is text, as in the browser's reading)."""
    return html.rfind("<", 0, position) > html.rfind(">", 0, position) and (
        html.find(">", position) != -1
    )


def _elements_proteges(html: str) -> list[tuple[int, int]]:
    """(start, end) of each <textarea>, <pre>, <script> or <style> element, in order — not
    an opening tag written inside another tag or inside an earlier such element."""
    zones: list[tuple[int, int]] = []
    fin = 0
    for ouverture in PROTEGE.finditer(html):
        debut = ouverture.start()
        if debut < fin or _dans_une_balise(html, debut):
            continue
        fermeture = re.compile(rf"</{ouverture.group(1)}\s*>", re.I).search(html, ouverture.end())
        fin = fermeture.end() if fermeture else len(html)
        zones.append((debut, fin))
    return zones


def corriger_html(html: str) -> str:
    runs = _espaces_a_corriger(html)
    if not runs:
        return html
    zones = _elements_proteges(html) if "<" in html else []
    morceaux: list[str] = []
    copie = 0  # html[:copie] is in morceaux
    zone = 0
    for debut, fin in runs:
        while zone < len(zones) and zones[zone][1] <= debut:
            zone += 1
        if zone < len(zones) and zones[zone][0] <= debut or _dans_une_balise(html, debut):
            continue
        morceaux.append(html[copie:debut])
        morceaux.append(INSECABLE)
        copie = fin
    if not morceaux:
        return html
    morceaux.append(html[copie:])
    return "".join(morceaux)


def corriger_reponse(request: HttpRequest, reponse: HttpResponse) -> HttpResponse:
    """The rule of this module applied to one response, once (the middleware and the cache of
    public pages both call it)."""
    if (
        getattr(reponse, DEJA_CORRIGEE, False)
        or not getattr(settings, "TYPOGRAPHIE_FRANCAISE", True)
        or reponse.streaming
        or not reponse.get("Content-Type", "").startswith("text/html")
        or request.path.startswith("/admin/")
    ):
        return reponse
    charset = reponse.charset or "utf-8"
    texte = reponse.content.decode(charset)
    corrige = corriger_html(texte)
    if corrige is not texte:  # (nothing to change: no encoding back)
        reponse.content = corrige.encode(charset)
        if reponse.has_header("Content-Length"):
            reponse["Content-Length"] = str(len(reponse.content))
    setattr(reponse, DEJA_CORRIGEE, True)
    return reponse


class TypographieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return corriger_reponse(request, self.get_response(request))
