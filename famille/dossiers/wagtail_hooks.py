"""The Education service's admin for families and dossiers. Each module under admin/ registers
its own viewsets and hooks."""

from .admin import (  # noqa: F401
    campagnes,
    comptes_famille,
    guide,
    inspection,
    listes_ecoles,
    revue,
    saisie_papier,
    signatures,
    suivi,
)
