from __future__ import annotations

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


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """django-axes counts failures per identifiant regardless of case and spaces."""
    value = ""
    if credentials:
        value = credentials.get("username") or ""
    elif request is not None:
        value = request.POST.get("username", "")
    return value.strip().lower()
