"""The import history: read only, each line opens the import's preview or result."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from ..models import ImportFichier
from .base import types_permis


def index(request):
    types = types_permis(request.user)
    if not types:
        raise PermissionDenied
    imports = ImportFichier.objects.filter(type__in=types).select_related("auteur")
    page = Paginator(imports, 50).get_page(request.GET.get("p"))
    return TemplateResponse(request, "transfers/historique.html", {"page": page})
