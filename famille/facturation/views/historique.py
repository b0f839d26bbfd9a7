"""The Historique tab and the statement PDFs."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from ..services import ErreurFacturation, attestations, factures, tickets
from ..services import historique as service
from .acces import compte_du_parent, facture_du_parent, ticket_du_parent


def accueil(request: HttpRequest, page) -> HttpResponse:
    foyer, structure_id = compte_du_parent(request)
    contexte = page.get_context(request)
    contexte.update(service.historique(foyer.pk, structure_id, timezone.localdate()))
    contexte["annees_attestation"] = attestations.annees_disponibles(foyer.pk, structure_id)
    return TemplateResponse(request, page.get_template(request), contexte)


def facture_pdf(request: HttpRequest, page, facture_id: int) -> HttpResponse:
    facture = facture_du_parent(request, facture_id)
    reponse = HttpResponse(factures.pdf(facture), content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="facture-{facture.reference}.pdf"'
    reponse["Cache-Control"] = "private, no-store"
    return reponse


def attestation_pdf(request: HttpRequest, page, annee: int) -> HttpResponse:
    """The parent's own attestation fiscale (issued on first demand): only what this foyer's
    titulaire paid; nothing to attest, or a year not finished, is a 404."""
    foyer, structure_id = compte_du_parent(request)
    if structure_id is None:
        raise Http404
    try:
        attestation = attestations.emettre(foyer.pk, structure_id, annee)
    except ErreurFacturation:
        raise Http404 from None
    reponse = HttpResponse(attestations.pdf(attestation), content_type="application/pdf")
    reponse["Content-Disposition"] = (
        f'attachment; filename="attestation-fiscale-{attestation.reference}.pdf"'
    )
    reponse["Cache-Control"] = "private, no-store"
    return reponse


def ticket_pdf(request: HttpRequest, page, transaction_id: int) -> HttpResponse:
    transaction = ticket_du_parent(request, transaction_id)
    reponse = HttpResponse(tickets.pdf(transaction), content_type="application/pdf")
    nom = f"ticket-{transaction.reference_ticket}.pdf"
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    reponse["Cache-Control"] = "private, no-store"
    return reponse
