"""Authentication: the identifiant whatever its case and spaces (django-axes counts failures
the same way), and the logged-in account read with its foyer in one query."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class IdentifiantBackend(ModelBackend):
    """Log in with the identifiant given by the Education service, whatever its case."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs,
    ):
        if username:
            username = username.strip()
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        """The account of the session, with its foyer (a parent's Compte Famille, None for
        staff) in the same query: every parent page asks for it (issue 15.6). The foyer is
        named by its relation only: this app does not import the dossiers app."""
        modele = get_user_model()
        try:
            compte = modele._default_manager.select_related("foyer").get(pk=user_id)
        except modele.DoesNotExist:
            return None
        return compte if self.user_can_authenticate(compte) else None


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """django-axes counts failures per identifiant regardless of case and spaces."""
    value = ""
    if credentials:
        value = credentials.get("username") or ""
    elif request is not None:
        value = request.POST.get("username", "")
    return value.strip().lower()
