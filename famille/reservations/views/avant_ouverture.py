"""The read-only calendar under a period's countdown, kept rendered for each parent account
until its opening (issue 15.4: the countdown is refreshed by thousands of families in the
minutes before an opening; the calendar under it, per child and day, was most of the page's
CPU, for a calendar that cannot be ticked yet).

Kept RESERVATIONS_DUREE_CALENDRIER_AVANT_OUVERTURE seconds (300 by default), never past the
family's own opening, in the PAGES_PUBLIQUES_CACHE cache (Redis when configured, shared by the
processes; per process otherwise), compressed (a family of three over eight weeks is about
100 kB of HTML, a tenth once compressed). The key names the account (a separated parent sees
their own custody days), the period and its dates and openings (an agent's change to them is
seen at once). Limits: a closure an agent enters, or a dossier validated, shows on a calendar
already kept up to that many seconds later.

The whole page is kept too, for the same account, address, structure and generation of the page
tree (a publication renders it again): a refresh of the countdown within those seconds is then
the page kept, with two things put in when served — the time left (« Ouverture dans … ») and
the CSRF token of the visitor's own secret (portail/cache_pages.py's placeholder: a parent
logged in on two devices has two). Never with a message waiting to be shown (the page is then
rendered, and shows it), nor without a cache answering."""

from __future__ import annotations

import datetime
import logging
import zlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import timeuntil
from django.utils.safestring import mark_safe

from famille.comptes.memo import memoriser
from portail.cache_pages import avec_jeton, generation_partagee, sans_jeton
from portail.typographie import DEJA_CORRIGEE, corriger_html, corriger_reponse

from .acces import attend_l_ouverture

journal = logging.getLogger(__name__)


def duree() -> int:
    return getattr(settings, "RESERVATIONS_DUREE_CALENDRIER_AVANT_OUVERTURE", 0)


def _cle(compte, periode) -> str:
    residents = periode.ouverture_residents.timestamp() if periode.ouverture_residents else ""
    return (
        f"reservations:avant-ouverture:{compte.pk}:{periode.pk}:{periode.debut}:{periode.fin}:"
        f"{periode.ouverture.timestamp()}:{residents}"
    )


def _cache():
    return caches[settings.PAGES_PUBLIQUES_CACHE]


def lire(compte, periode, maintenant: datetime.datetime):
    """(this family's opening, the period's sentence, the rendered calendar) or None."""
    if not duree():
        return None
    try:
        garde = _cache().get(_cle(compte, periode))
    except Exception:  # a cache that fails never fails the page: it is rendered
        journal.exception("Calendrier avant ouverture : cache illisible.")
        return None
    if garde is None:
        return None
    ouverture, phrase, compresse = garde
    if maintenant >= ouverture:  # opened meanwhile (a clock ahead of the cache's expiry)
        return None
    return ouverture, phrase, mark_safe(zlib.decompress(compresse).decode())  # noqa: S308


def garder(compte, periode, ouverture, phrase: str, rendu: str, maintenant) -> None:
    restant = int((ouverture - maintenant).total_seconds())
    secondes = min(duree(), restant)
    if secondes <= 0:
        return
    try:
        _cache().set(
            _cle(compte, periode), (ouverture, phrase, zlib.compress(rendu.encode(), 1)), secondes
        )
    except Exception:
        journal.exception("Calendrier avant ouverture : cache inutilisable.")


# Written in the page where the time left goes (never text of the page: '@' and '-').
MARQUE_REBOURS = "@@ouverture-dans@@"


def _cle_page(request: HttpRequest, periode) -> str | None:
    generation = memoriser("generation_arbre_pages", generation_partagee)
    if generation is None:
        return None
    structure = getattr(getattr(request, "structure", None), "pk", "")
    return (
        f"reservations:avant-ouverture-page:{generation}:{structure}:"
        f"{request.get_full_path()}:{_cle(request.user, periode)}"
    )


def _gardable(request: HttpRequest) -> bool:
    # A message waiting (« Vos choix ont été enregistrés ») is shown by a page rendered now.
    return bool(duree()) and request.method == "GET" and not len(messages.get_messages(request))


def page_gardee(request: HttpRequest, periode, maintenant: datetime.datetime):
    """This account's countdown page kept for this address, served (time left and CSRF token
    put in), or None."""
    if not _gardable(request):
        return None
    try:
        cle = _cle_page(request, periode)
        garde = _cache().get(cle) if cle else None
    except Exception:
        journal.exception("Page avant ouverture : cache illisible.")
        return None
    if garde is None:
        return None
    ouverture, compresse = garde
    if maintenant >= ouverture:
        return None
    reponse = HttpResponse(zlib.decompress(compresse))  # noqa: S308 (our own rendering)
    setattr(reponse, DEJA_CORRIGEE, True)
    return servir(request, reponse, ouverture, maintenant)


def rendre(request: HttpRequest, reponse, periode, ouverture, maintenant) -> HttpResponse:
    """The countdown page (a TemplateResponse whose context has ouverture_dans=MARQUE_REBOURS)
    rendered and corrected now, kept for this account when it may be, then served."""
    reponse.render()
    corriger_reponse(request, reponse)
    secondes = min(duree(), int((ouverture - maintenant).total_seconds()))
    if reponse.status_code == 200 and secondes > 0 and _gardable(request):
        try:
            cle = _cle_page(request, periode)
            if cle:
                gardee = zlib.compress(sans_jeton(request, reponse.content), 1)
                _cache().set(cle, (ouverture, gardee), secondes)
        except Exception:
            journal.exception("Page avant ouverture : cache inutilisable.")
    return servir(request, reponse, ouverture, maintenant)


def servir(request: HttpRequest, reponse: HttpResponse, ouverture, maintenant) -> HttpResponse:
    attend_l_ouverture(request)
    contenu = avec_jeton(request, reponse.content)
    reste = corriger_html(timeuntil(ouverture, maintenant)).encode()
    reponse.content = contenu.replace(MARQUE_REBOURS.encode(), reste)
    return reponse
