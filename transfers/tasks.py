"""Background jobs of imports (django-q2). They take ids, never model instances."""

from __future__ import annotations

from .services import identifiants, pilotage


def analyser_import(import_id: int) -> None:
    pilotage.analyser_import(import_id)


def executer_import(import_id: int) -> None:
    pilotage.executer_import(import_id)


def produire_identifiants(lot_id: int, import_id: int) -> None:
    identifiants.produire_lot(lot_id, import_id)
