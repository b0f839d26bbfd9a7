"""The database stops answering in the middle of a run (issue 15, « PostgreSQL restarted »):
every request that needs it gets a French page « Le service est momentanément
indisponible », status 503 with Retry-After — a browser, a load balancer and the load
benchmark all read it as temporary — never Django's 500 and never a traceback.

An error reaches us two ways, both handled here with one rule (`est_panne_base`):
- from a view: PanneBaseMiddleware.process_exception;
- from a middleware (the session or the user read before any view, a session saved after):
  Django turns it into the 500 handler, portail.views.erreur_serveur, which asks this module.
The page is rendered without a request context: no context processor, hence no query.

Recovery needs no gunicorn restart: Django closes, at the end of the request, a connection
on which an error occurred, and production checks a persistent connection before reusing it
(CONN_HEALTH_CHECKS), so the first request after PostgreSQL is back opens a new connection.

Limits: a transaction is all or nothing (reservations.services.operations.appliquer), but a
request cut between its commit and its answer shows this page although its booking was
saved: the page tells the family to check the Réservations tab. The log line names the
exception's class and the path, never its message (it may quote a row's values)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

journal = logging.getLogger("portail.pannes")

# Seconds a browser or a load balancer is told to wait: a PostgreSQL restart takes a few.
REESSAYER_APRES = 10
# InterfaceError: a connection closed under the driver (psycopg), OperationalError: refused,
# reset, timed out, the server shutting down. Lock timeouts are OperationalErrors too, but
# operations.appliquer retries them and answers in French itself before they get here.
ERREURS_BASE = (OperationalError, InterfaceError)


def est_panne_base(exception: BaseException | None) -> bool:
    return isinstance(exception, ERREURS_BASE)


def page_indisponible(request: HttpRequest | None, exception: BaseException) -> HttpResponse:
    chemin = getattr(request, "path", "?")
    journal.warning(
        "Base de données injoignable (%s) : page « service indisponible » (503) pour %s %s.",
        type(exception).__name__,
        getattr(request, "method", "?"),
        chemin,
    )
    contenu = loader.get_template("indisponible.html").render({"delai": REESSAYER_APRES})
    response = HttpResponse(contenu, status=503)
    response["Retry-After"] = str(REESSAYER_APRES)
    add_never_cache_headers(response)
    # The line above is the log: not Django's « Service Unavailable » with a traceback on top,
    # once per request of a whole morning's outage.
    response._has_been_logged = True
    return response


class PanneBaseMiddleware:
    """A view's database error becomes the 503 page (the 500 handler does it for middleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if est_panne_base(exception):
            return page_indisponible(request, exception)
        return None
