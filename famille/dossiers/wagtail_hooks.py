"""The Education service's admin for families and dossiers. Each module under admin/ registers
its own viewsets and hooks."""

from .admin import campagnes, comptes_famille, revue, saisie_papier, signatures  # noqa: F401
