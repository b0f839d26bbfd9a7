"""Permission checks shared by the admin views of imports and exports: each view checks the
model permissions itself, the Wagtail admin only checks that the user may enter it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import ImportFichier, TypeImport
from ..services.registre import permis


def type_permis(request, type_: str) -> str:
    if type_ not in TypeImport.values:
        raise Http404
    if not permis(request.user, type_):
        raise PermissionDenied
    return type_


def import_permis(request, pk: int) -> ImportFichier:
    import_fichier = get_object_or_404(ImportFichier, pk=pk)
    type_permis(request, import_fichier.type)
    return import_fichier


def types_permis(user) -> list[str]:
    return [t for t in TypeImport.values if permis(user, t)]
