"""The public CMS pages (Accueil for visitors, FAQ, contact, legal pages, règlements) kept ready
for anonymous visitors (issue 15.4): on an opening morning thousands of families land on the
home page before logging in, and rendering it each time (page tree, news, settings, templates)
would take the server's CPU from the bookings.

How it works:
- A middleware placed before the sessions (so that a cached answer costs no session read, no
  query) answers a GET from the cache when the visitor sends no session cookie: a logged-in
  parent or agent always carries one, and never receives a cached page.
- A page is stored only when Wagtail served it (the `before_serve_page` hook marks the request)
  with no view restriction (password, login, groups), for a visitor without session, with a
  200 and no cookie but the CSRF one. What is stored has had its French typography applied.
- Forms of public pages (the login box of the Accueil, a « demande » form) keep working: the
  CSRF token written in the page is replaced by a placeholder when stored, and by a token of
  the visitor's own CSRF secret when served (the cookie set if the visitor has none), as
  Django's CSRF middleware would have done.
- Publishing, unpublishing, moving or deleting a page, or saving a Wagtail setting (footer,
  contact), a site or a view restriction starts a new generation of the cache: every stored
  page is then forgotten, and so are the frame's pages each process keeps for the routing
  (famille/comptes/pages_cadre.py), through the same generation in the default cache.

Settings: PAGES_PUBLIQUES_DUREE (seconds a page is kept, 0 turns the cache off),
PAGES_PUBLIQUES_CACHE (the cache alias). By default the alias is a per-process memory cache
(`pages_locales`, no Redis needed, nothing shared): a publication empties it at once in the
process that handled it, and in the other gunicorn processes within PAGES_PUBLIQUES_DUREE.
With REDIS_URL the alias is Redis, shared by every process and instance.

Limits: the query string is part of the key (a FAQ search is stored like a page); pages whose
content depends on the day (the news dated today) follow within PAGES_PUBLIQUES_DUREE; a
visitor holding a session cookie (after a logout, for instance) is served the rendered page.
Any error of the cache lets the request through to the view (logged), never a 500."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token, get_token
from wagtail import hooks
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .typographie import DEJA_CORRIGEE, corriger_reponse

journal = logging.getLogger("portail.cache_pages")

CLE_GENERATION = "pages_publiques:generation"
# Written in place of the CSRF token in a stored page (never a token: '@' and '-').
JETON = b"@@jeton-csrf-du-visiteur@@"
# A masked CSRF token: 64 characters of CSRF_ALLOWED_CHARS, alone (not inside a longer word).
CANDIDAT_JETON = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
# Set on the request by the Wagtail hook below when the page may be stored.
MARQUE = "_page_publique_cachable"
ENTETES_EXCLUS = {"set-cookie", "content-length"}


def duree() -> int:
    return int(getattr(settings, "PAGES_PUBLIQUES_DUREE", 0))


def cache():
    return caches[getattr(settings, "PAGES_PUBLIQUES_CACHE", "pages_locales")]


def nouvelle_generation(**kwargs) -> None:
    """Forget every stored page (a publication, a setting saved), and the frame's pages each
    process keeps (famille/comptes/pages_cadre.py). Again once the transaction commits: a
    process reading the tree between the signal and the commit kept the old one under the new
    generation."""
    _renouveler()
    transaction.on_commit(_renouveler)


def _renouveler() -> None:
    valeur = time.time_ns()
    # The default cache too: without Redis the pages' cache is per process, and the frame's
    # pages must be forgotten by every process at once (the default cache is then the database).
    for alias in {getattr(settings, "PAGES_PUBLIQUES_CACHE", "pages_locales"), "default"}:
        try:
            caches[alias].set(CLE_GENERATION, valeur, None)
        except Exception:  # the cache down: the pages expire after PAGES_PUBLIQUES_DUREE anyway
            journal.exception("Cache des pages publiques : génération non renouvelée")


def generation_partagee() -> int | None:
    """The page tree's generation as every process sees it (the default cache: Redis, else the
    database), started when missing; None when the cache does not answer."""
    partage = caches["default"]
    try:
        generation = partage.get(CLE_GENERATION)
        if generation is None:
            partage.add(CLE_GENERATION, time.time_ns(), None)
            generation = partage.get(CLE_GENERATION)
    except Exception:
        journal.exception("Cache des pages publiques : génération illisible")
        return None
    return generation


def sans_jeton(request: HttpRequest, contenu: bytes) -> bytes:
    """A rendered page to keep: the CSRF tokens of this visitor's secret replaced by JETON."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return contenu

    def remplacer(m: re.Match) -> bytes:
        jeton = m.group(0)
        return JETON if _unmask_cipher_token(jeton.decode()) == secret else jeton

    return CANDIDAT_JETON.sub(remplacer, contenu)


def avec_jeton(request: HttpRequest, contenu: bytes) -> bytes:
    """A kept page served: JETON replaced by a token of this visitor's own secret (the CSRF
    middleware has read it; the cookie is set on the way out when the visitor has none)."""
    if JETON not in contenu:
        return contenu
    return contenu.replace(JETON, get_token(request).encode())


def _modele_modifie(sender, instance, **kwargs) -> None:
    # Any page saved or deleted (a draft too: a page created live by code sends no
    # page_published, and the frame's pages must follow), a setting, a site (its host, its
    # root page), a view restriction (a page made private must not be served from the cache).
    if isinstance(
        instance, Page | BaseGenericSetting | BaseSiteSetting | Site | PageViewRestriction
    ):
        nouvelle_generation()


page_published.connect(nouvelle_generation, dispatch_uid="cache_pages_publiee")
page_unpublished.connect(nouvelle_generation, dispatch_uid="cache_pages_depubliee")
page_slug_changed.connect(nouvelle_generation, dispatch_uid="cache_pages_slug")
post_page_move.connect(nouvelle_generation, dispatch_uid="cache_pages_deplacee")
post_save.connect(_modele_modifie, dispatch_uid="cache_pages_reglage")
post_delete.connect(_modele_modifie, dispatch_uid="cache_pages_supprimee")


@hooks.register("before_serve_page")
def marquer_page_publique(page, request, serve_args, serve_kwargs) -> None:
    """Wagtail serves `page`: it may be stored when nobody needs to be anyone to see it."""
    if getattr(request, "_page_publique_candidate", False) and not (
        page.get_view_restrictions().exists()
    ):
        setattr(request, MARQUE, True)


class CachePagesPubliquesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Django's own CSRF logic, to read the visitor's secret and set its cookie.
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._candidate(request):
            return self.get_response(request)
        try:
            cle = self._cle(request)
            stockee = cache().get(cle)
        except DisallowedHost:  # Django answers it (400) further down
            return self.get_response(request)
        except Exception:
            journal.exception("Cache des pages publiques : lecture impossible")
            return self.get_response(request)
        if stockee is not None:
            try:
                return self._servir(request, stockee)
            except Exception:  # an entry of another version of the portal, say
                journal.exception("Cache des pages publiques : page gardée illisible")
        request._page_publique_candidate = True
        reponse = self.get_response(request)
        if getattr(request, MARQUE, False) and self._stockable(reponse):
            try:
                self._stocker(request, reponse, cle)
            except Exception:
                journal.exception("Cache des pages publiques : écriture impossible")
        return reponse

    @staticmethod
    def _candidate(request: HttpRequest) -> bool:
        return (
            request.method == "GET"
            and duree() > 0
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path_info.startswith(
                (settings.PREFIXE_ADMINISTRATION, settings.STATIC_URL, settings.MEDIA_URL)
            )
        )

    @staticmethod
    def _cle(request: HttpRequest) -> str:
        generation = cache().get(CLE_GENERATION, 0)
        adresse = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        return f"pages_publiques:{generation}:{adresse}"

    @staticmethod
    def _stockable(reponse: HttpResponse) -> bool:
        if reponse.status_code != 200 or reponse.streaming:
            return False
        if "no-store" in reponse.get("Cache-Control", "") or "private" in reponse.get(
            "Cache-Control", ""
        ):
            return False
        # Only the CSRF cookie is per visitor and rebuilt when served; any other cookie (a
        # session started by the view, a message) makes the page someone's.
        return set(reponse.cookies) <= {settings.CSRF_COOKIE_NAME}

    def _stocker(self, request: HttpRequest, reponse: HttpResponse, cle: str) -> None:
        corriger_reponse(request, reponse)
        contenu = sans_jeton(request, reponse.content)
        entetes = [(k, v) for k, v in reponse.items() if k.lower() not in ENTETES_EXCLUS]
        cache().set(cle, (contenu, entetes), duree())

    def _servir(self, request: HttpRequest, stockee: tuple) -> HttpResponse:
        contenu, entetes = stockee
        if JETON in contenu:
            self.csrf.process_request(request)  # the visitor's secret, from its cookie
            contenu = avec_jeton(request, contenu)
        reponse = HttpResponse(contenu)
        for nom, valeur in entetes:
            reponse[nom] = valeur
        reponse["Content-Length"] = str(len(contenu))
        # Already corrected when stored: the typography middleware leaves it.
        setattr(reponse, DEJA_CORRIGEE, True)
        reponse.page_publique_en_cache = True
        return self.csrf.process_response(request, reponse)
