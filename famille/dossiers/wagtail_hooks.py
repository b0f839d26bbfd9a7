"""The Education service's admin for families and dossiers. Each module under admin/ registers
its own viewsets and hooks."""

from famille.dossiers.admin import campagnes  # noqa: F401

from .admin import comptes_famille, revue  # noqa: F401
from .admin import signatures  # noqa: F401
