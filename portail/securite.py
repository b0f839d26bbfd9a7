"""Response headers that protect every page: the Content-Security-Policy (a strict one for the
portal, Wagtail's admin its own relaxed one) and no-store on pages showing personal data.

Limits: the admin's policy still allows inline scripts and styles (Wagtail 8 needs them); the
portal's policy forbids every inline script, style and event handler, so portal templates put
theirs in static files (portail/static/js, portail/static/css)."""

from __future__ import annotations

from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def est_administration(request: HttpRequest) -> bool:
    return request.path_info.startswith(settings.PREFIXE_ADMINISTRATION)


class PolitiqueContenuMiddleware(CSPMiddleware):
    """django-csp's middleware, with CONTENT_SECURITY_POLICY_ADMIN under the admin's prefix."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponse, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and est_administration(request):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
        return parts


class PasDeCacheMiddleware:
    """Every page served to a logged-in account (its name in the header, its family, health
    data) and every admin page: never kept by a browser's or a proxy's cache, so the back
    button on a shared computer after logout shows nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Read before the view: a logout view makes the user anonymous on its way.
        a_proteger = request.user.is_authenticated or est_administration(request)
        response = self.get_response(request)
        if a_proteger or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
