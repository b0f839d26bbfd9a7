"""Background jobs of imports (django-q2). They take ids, never model instances."""

from __future__ import annotations

from .services import pilotage


def analyser_import(import_id: int) -> None:
    pilotage.analyser_import(import_id)


def executer_import(import_id: int) -> None:
    pilotage.executer_import(import_id)
