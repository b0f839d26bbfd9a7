"""Sums of amounts in euros, exact to the cent on every database.

SQLite adds decimal columns as floating-point numbers, and Django gives back what it got for
an expression that is not a plain column: a sum of -0.38 and -0.38 could read
-0.760000000000001 where PostgreSQL says -0.76. The balance check then reported a balance
different from its lines (found by Hypothesis, tests/facturation/test_propriete.py), and a
tax certificate could print such a number. SommeEuros is Sum, 0.00 when there is nothing to
add (Coalesce), rounded to the cent as read from the database — a no-op on PostgreSQL, whose
sums of cents are exact."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce

CENT = Decimal("0.01")


def _au_centime(valeur, expression, connection):
    return valeur.quantize(CENT) if valeur is not None else None


class SommeEuros(Coalesce):
    def __init__(self, champ: str, *, filter=None) -> None:  # noqa: A002 (Sum's own name)
        super().__init__(
            Sum(champ, filter=filter),
            Value(Decimal("0.00")),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )

    def get_db_converters(self, connection):
        return [*super().get_db_converters(connection), _au_centime]
