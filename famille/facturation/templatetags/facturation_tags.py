"""« 3,45 € » in templates: {{ montant|euros }}."""

from __future__ import annotations

from django import template

from famille.facturation.services.tarification import euros as _euros

register = template.Library()


@register.filter
def euros(montant) -> str:
    if montant is None or montant == "":
        return ""
    return _euros(montant)


@register.filter
def oppose(montant):
    """A debit shown as a positive amount owed."""
    return -montant
