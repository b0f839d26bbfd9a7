from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def accueil(request: HttpRequest, page) -> HttpResponse:
    return TemplateResponse(request, page.template, page.get_context(request))
