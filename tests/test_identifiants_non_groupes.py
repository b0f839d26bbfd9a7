"""Ids printed in templates must never be grouped by thousands (« 1 669 »): they end up in
URLs, HTML ids and form values, and a PostgreSQL database reaches four digits quickly."""

from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation


def test_un_identifiant_a_quatre_chiffres_reste_d_un_seul_tenant():
    with translation.override("fr"):
        rendu = Template('<option value="{{ pk }}">').render(Context({"pk": 1669}))
    assert rendu == '<option value="1669">'


def test_les_montants_se_groupent_a_la_demande():
    with translation.override("fr"):
        rendu = Template('{{ montant|floatformat:"2g" }}').render(
            Context({"montant": Decimal("1234.5")})
        )
    assert rendu == "1\u202f234,50"
