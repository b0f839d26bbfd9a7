"""The one access helper of the billing views: the logged-in parent's foyer and the structure
being viewed; a statement of another foyer is a 404."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from famille.dossiers.views.base import foyer_du_parent

from ..models import Facture, TransactionPaiement


def compte_du_parent(request: HttpRequest) -> tuple:
    """(foyer, structure id or None): a separated parent sees only his or her own foyer."""
    foyer = foyer_du_parent(request)
    structure = getattr(request, "structure", None)
    return foyer, structure.pk if structure is not None else None


def facture_du_parent(request: HttpRequest, facture_id: int) -> Facture:
    foyer, _ = compte_du_parent(request)
    return get_object_or_404(
        Facture.objects.select_related("foyer__titulaire", "structure"), pk=facture_id, foyer=foyer
    )


def ticket_du_parent(request: HttpRequest, transaction_id: int) -> TransactionPaiement:
    """A paid transaction of the parent's foyer (its ticket), else 404."""
    foyer, _ = compte_du_parent(request)
    return get_object_or_404(
        TransactionPaiement.objects.select_related("foyer", "structure", "payeur"),
        pk=transaction_id,
        foyer=foyer,
        numero_ticket__isnull=False,
    )
