from __future__ import annotations

from django.http import Http404


def _pas_encore(*args, **kwargs):
    raise Http404("Cette section arrive bientôt.")


liste = telecharger = _pas_encore
