"""The one helper every Dossier Famille view uses to get the logged-in parent's foyer, and the
children it may see: anything else is a 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from ..models import Enfant, Foyer


def foyer_du_parent(request: HttpRequest) -> Foyer:
    foyer = getattr(request.user, "foyer", None)
    if foyer is None:
        raise Http404("Aucun Compte Famille n'est lié à ce compte.")
    return foyer


def enfant_du_parent(request: HttpRequest, enfant_id: int) -> Enfant:
    """A child linked to the parent's foyer (both separated parents see shared children)."""
    foyer = foyer_du_parent(request)
    return get_object_or_404(Enfant, pk=enfant_id, gardes__foyer=foyer)
