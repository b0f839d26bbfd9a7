"""The quotient familial of a foyer: entered by staff from the avis d'imposition (computed,
never typed), imported from the CAF list (transfers), or unknown (highest bracket). The QF
valid on a consumption's day prices it; a new QF never reprices lines already written."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from ..models import QuotientFamilial


def saisir_avis_imposition(
    agent, foyer, *, revenu_fiscal: Decimal, nombre_parts: Decimal, debut: datetime.date
) -> QuotientFamilial:
    """Record the QF of an avis d'imposition from `debut` (revenu / 12 / parts). Raises
    ValidationError (French, per field) and saves nothing when the figures are impossible."""
    qf = QuotientFamilial(
        foyer=foyer,
        revenu_fiscal=revenu_fiscal,
        nombre_parts=nombre_parts,
        debut=debut,
        source=QuotientFamilial.SOURCE_AVIS,
        saisi_par=agent,
        valeur=Decimal("0"),  # computed by clean() from the avis
    )
    qf.full_clean(validate_unique=False)
    with transaction.atomic():
        QuotientFamilial.objects.filter(foyer=foyer, debut=debut).delete()
        qf.save()
    return qf


def qf_au(foyer_id: int, jour: datetime.date) -> QuotientFamilial | None:
    return QuotientFamilial.objects.filter(foyer_id=foyer_id, debut__lte=jour).first()
