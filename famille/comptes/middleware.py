from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import services


class StructureCouranteMiddleware:
    """Puts the account's structures and the one being viewed on the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.structures = []
        request.structure = None
        if request.user.is_authenticated:
            request.structures = services.structures_du_compte(request.user)
            request.structure = services.structure_courante(request, request.structures)
        return self.get_response(request)


class PremiereConnexionMiddleware:
    """Until a parent has chosen a password and accepted the RGPD and CGU, no other portal page
    is reachable: every request goes back to the step still to do."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not request.path.startswith(self.toujours_permis()):
            etape = services.etape_en_attente(request)
            if etape is not None:
                url = reverse(f"comptes:premiere_connexion_{etape}")
                lisibles = (
                    self.documents_lisibles(request)
                    if etape == services.ETAPE_CONSENTEMENTS
                    else ()
                )
                if request.path != url and request.path not in lisibles:
                    return redirect(url)
        return self.get_response(request)

    @staticmethod
    def toujours_permis() -> tuple[str, ...]:
        return (
            settings.STATIC_URL,
            reverse("comptes:deconnexion"),
            "/premiere-connexion/",
        )

    @staticmethod
    def documents_lisibles(request: HttpRequest) -> tuple[str, ...]:
        # The RGPD and CGU must be readable before they are accepted.
        chemins = []
        for document in services.documents_legaux():
            parts = document.page.get_url_parts(request)
            if parts is not None:
                chemins.append(parts[2])
        return tuple(chemins)


class DureeAbsolueSessionMiddleware:
    """Besides the 30-minute idle timeout, a session ends SESSION_DUREE_ABSOLUE after its
    login, however active: the request then goes on as anonymous, so the page asks to log in
    again (the portal's login page, or the admin's)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and services.session_trop_ancienne(request):
            request.motif_deconnexion = "durée maximale de session atteinte"
            logout(request)
        return self.get_response(request)


# A session is saved (its 30-minute idle expiry pushed back) at most once a minute: saving it
# on every request (SESSION_SAVE_EVERY_REQUEST) cost one database or cache write per page view,
# thousands a minute on a booking opening morning. The idle timeout is thus 29 to 30 minutes.
SESSION_RAFRAICHIE_LE = "_rafraichie_le"
SESSION_INTERVALLE_RAFRAICHISSEMENT = 60  # seconds


class RafraichissementSessionMiddleware:
    """Keeps an active session alive (the idle timeout counts from the last activity) with one
    write a minute at most, instead of one per request. Anonymous visitors without a session
    get none: only an existing session is refreshed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            maintenant = services.maintenant_en_secondes()
            derniere = session.get(SESSION_RAFRAICHIE_LE, 0)
            if maintenant - derniere >= SESSION_INTERVALLE_RAFRAICHISSEMENT:
                # Any change marks the session modified: SessionMiddleware saves it with a new
                # expiry date.
                session[SESSION_RAFRAICHIE_LE] = maintenant
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            # Saved anyway (a login, a choice kept in the session): that save counts as the
            # refresh, so the next minute's views write nothing.
            session[SESSION_RAFRAICHIE_LE] = services.maintenant_en_secondes()
        return response
