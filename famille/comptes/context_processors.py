from __future__ import annotations

from functools import cache

from django.http import HttpRequest

from . import services


def portail(request: HttpRequest) -> dict:
    """What the frame shows on every page: tabs, current structure, last update.

    The tabs and the last update are callables evaluated once, when a template shows them:
    staff pages with a frame of their own (the animators' attendance lists) do not pay their
    queries (issue 12.5: a list of 30 children in at most 10 queries)."""
    return {
        "onglets": cache(lambda: services.onglets(request)),
        "structure_courante": getattr(request, "structure", None),
        "structures_du_compte": getattr(request, "structures", []),
        "derniere_mise_a_jour": cache(services.derniere_mise_a_jour),
    }
