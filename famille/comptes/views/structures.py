from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .. import services


@login_required
@require_POST
def choisir(request: HttpRequest) -> HttpResponse:
    """The header drop-down: the choice stays for the session."""
    try:
        structure_id = int(request.POST.get("structure", ""))
    except ValueError:
        structure_id = 0
    services.choisir_structure(request, structure_id)
    suivant = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(suivant, {request.get_host()}, request.is_secure()):
        suivant = "/"
    return redirect(suivant)
