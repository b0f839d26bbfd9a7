"""The Paiement tab: the balance and, apart, the bookings still to come. Online payment
(PayFiP) comes with the next issue."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from ..services import historique as service
from ..services.grand_livre import solde
from .acces import compte_du_parent


def accueil(request: HttpRequest, page) -> HttpResponse:
    foyer, structure_id = compte_du_parent(request)
    contexte = page.get_context(request)
    contexte["solde"] = solde(foyer.pk, structure_id)
    contexte["a_venir"] = service.a_venir(foyer.pk, structure_id, timezone.localdate())
    return TemplateResponse(request, page.get_template(request), contexte)
