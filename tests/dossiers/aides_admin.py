"""Helpers of the admin tests (review screen, paper dossiers): staff accounts and answers."""

from __future__ import annotations

from html import unescape

from django.contrib.auth.models import Group

from famille.comptes.models import Compte


def agent(nom: str, groupe: str | None = None) -> Compte:
    compte = Compte.objects.create_user(
        username=nom, password="x", is_staff=True, first_name=nom.title(), last_name="Agent"
    )
    if groupe:
        compte.groups.add(Group.objects.get(name=groupe))
    return compte


def texte(reponse) -> str:
    return unescape(reponse.content.decode())


def refuse(reponse) -> bool:
    """Wagtail turns a PermissionDenied in its admin into a redirect to the dashboard."""
    return reponse.status_code == 403 or (
        reponse.status_code == 302 and reponse["Location"] == "/admin/"
    )
