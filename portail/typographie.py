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

INSECABLE = "\u00a0"
BALISE = re.compile(r"(<[^>]*>)")
INTACTS = ("textarea", "pre", "script", "style")
OUVERTURE = re.compile(r"^<(textarea|pre|script|style)\b", re.I)
FERMETURE = re.compile(r"^</(textarea|pre|script|style)\s*>", re.I)
AVANT = re.compile(r"[ \t]+([:;!?»])")
APRES = re.compile(r"«[ \t]+")


def corriger_texte(texte: str) -> str:
    return APRES.sub("«" + INSECABLE, AVANT.sub(INSECABLE + r"\1", texte))


def corriger_html(html: str) -> str:
    morceaux = BALISE.split(html)
    dans = None
    for i, morceau in enumerate(morceaux):
        if i % 2:  # a tag
            if dans is None and (m := OUVERTURE.match(morceau)):
                dans = m.group(1).lower()
            elif (
                dans is not None and (m := FERMETURE.match(morceau)) and m.group(1).lower() == dans
            ):
                dans = None
        elif dans is None and morceau:
            morceaux[i] = corriger_texte(morceau)
    return "".join(morceaux)


class TypographieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reponse = self.get_response(request)
        if (
            not getattr(settings, "TYPOGRAPHIE_FRANCAISE", True)
            or request.path.startswith("/admin/")
            or reponse.streaming
            or not reponse.get("Content-Type", "").startswith("text/html")
        ):
            return reponse
        charset = reponse.charset or "utf-8"
        reponse.content = corriger_html(reponse.content.decode(charset)).encode(charset)
        if reponse.has_header("Content-Length"):
            reponse["Content-Length"] = str(len(reponse.content))
        return reponse
