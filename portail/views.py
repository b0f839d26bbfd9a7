"""The portal's own error pages. The 500 handler also receives the database errors raised by
a middleware (a session read before any view): those get the 503 page of portail/pannes.py."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

from .pannes import est_panne_base, page_indisponible


def page_introuvable(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def erreur_serveur(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its `except`: the exception is still the current one.
    exception = sys.exc_info()[1]
    if est_panne_base(exception):
        return page_indisponible(request, exception)
    # No context processors here: the database may be what failed.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
