"""The Education service's admin for families and dossiers. Each module under admin/ registers
its own viewsets and hooks."""

from .admin import campagnes, comptes_famille, revue, signatures  # noqa: F401
