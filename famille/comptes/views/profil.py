"""Profil utilisateur, inside the Dossier Famille tab."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def profil(request: HttpRequest, page) -> HttpResponse:
    return TemplateResponse(
        request,
        "comptes/profil.html",
        page.get_context(request) | {"sous_titre": "Profil utilisateur"},
    )
