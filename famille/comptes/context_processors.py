from __future__ import annotations

from django.http import HttpRequest

from . import services


def portail(request: HttpRequest) -> dict:
    """What the frame shows on every page: tabs, current structure, last update."""
    return {
        "onglets": services.onglets(request),
        "structure_courante": getattr(request, "structure", None),
        "structures_du_compte": getattr(request, "structures", []),
        "derniere_mise_a_jour": services.derniere_mise_a_jour(),
    }
