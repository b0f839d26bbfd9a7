"""The Education service's admin for families and dossiers. Each module under admin/ registers
its own viewsets and hooks."""

from .admin import comptes_famille, revue  # noqa: F401
