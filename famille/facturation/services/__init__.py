"""Billing rules, one module per capability: sources (what happened on a day), tarification
(prices), grand_livre (lines, balance, allocation), consommations (the daily job), factures
(monthly statements), quotients, relances (unpaid reminders), historique (the parent's view)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ErreurFacturation(ValidationError):
    """A billing rule refused the request; its message is French and meant for the reader."""
