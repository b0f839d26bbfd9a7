"""The safe list export lives with the domain's admin lists (famille/comptes/exports.py), so
that every app's viewsets can use it; transfers re-exports it for its own views."""

from famille.comptes.exports import ExportSecuriseMixin, neutraliser

__all__ = ["ExportSecuriseMixin", "neutraliser"]
