from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader


def page_introuvable(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def erreur_serveur(request: HttpRequest) -> HttpResponse:
    # No context processors here: the database may be what failed.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
