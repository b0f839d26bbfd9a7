"""The Paiement tab: the balance, apart the bookings still to come, « Effectuer un règlement »
(PayFiP, or the stand-in bank outside production) and the return page, which never credits
anything itself: it asks the server's `verifier`, as the bank's notification does."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from ..models import TransactionPaiement
from ..services import ErreurFacturation
from ..services import historique as service
from ..services import paiement_en_ligne as paiements
from ..services.grand_livre import solde
from .acces import compte_du_parent


class ReglementForm(forms.Form):
    montant = forms.CharField(
        label="Montant à régler (€)",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text="Entre 1,00 € et le montant restant à régler.",
    )


def accueil(request: HttpRequest, page) -> HttpResponse:
    foyer, structure_id = compte_du_parent(request)
    du = paiements.montant_du(foyer.pk, structure_id) if structure_id else 0
    form = ReglementForm(initial={"montant": f"{du:.2f}".replace(".", ",")})
    if request.method == "POST":
        form = ReglementForm(request.POST)
        if form.is_valid():
            try:
                transaction = paiements.preparer_reglement(
                    request.user, foyer, structure_id, form.cleaned_data["montant"]
                )
                url_retour = request.build_absolute_uri(
                    reverse("paiement_retour", args=[transaction.pk])
                )
                url_notification = request.build_absolute_uri(
                    reverse("paiement_notification", args=[transaction.pk])
                )
                url = paiements.envoyer_a_la_banque(transaction.pk, url_retour, url_notification)
            except ErreurFacturation as erreur:
                form.add_error("montant", erreur.messages)
            else:
                if not url:
                    transaction.refresh_from_db()
                    url = reverse("banque_fictive", args=[transaction.idop])
                return redirect(url)
    contexte = page.get_context(request)
    contexte["solde"] = solde(foyer.pk, structure_id)
    contexte["a_venir"] = service.a_venir(foyer.pk, structure_id, timezone.localdate())
    contexte["du"] = du
    contexte["regie"] = paiements.regie_ouverte(structure_id)
    contexte["form"] = form
    statut = 200 if not form.is_bound else 400
    return TemplateResponse(request, page.get_template(request), contexte, status=statut)


def retour(request: HttpRequest, page, transaction_id: int) -> HttpResponse:
    foyer, _ = compte_du_parent(request)
    transaction = get_object_or_404(TransactionPaiement, pk=transaction_id, foyer=foyer)
    if not transaction.est_finale:
        transaction = paiements.verifier(transaction.pk)
    contexte = page.get_context(request)
    contexte["transaction"] = transaction
    contexte["solde"] = solde(foyer.pk, transaction.structure_id)
    return TemplateResponse(request, "facturation/paiement_retour.html", contexte)
