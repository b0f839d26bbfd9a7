from __future__ import annotations

from django.http import Http404


def _pas_encore(*args, **kwargs):
    raise Http404("Cette section arrive bientôt.")


famille = contacts = assurance = autorisations = sante = valider = _pas_encore
