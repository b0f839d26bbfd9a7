"""The bank's side of online payment: the notification URL (server-to-server, no session, no
CSRF token: PayFiP posts `idOp`) and the stand-in bank's page for the demo and the tests.

The return URL only redirects to the Paiement tab's return page (the bank may come back by a
cross-site POST). The notification's body is never trusted: only its idOp is read, to find nothing or the
transaction whose id is in the URL; the outcome comes from the bank's status answer. The
stand-in bank answers 404 unless settings.BANQUE_FICTIVE (never in production); its choices
are the bank's: paid, refused, abandoned, or paid without notifying the portal."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_q.tasks import async_task

from ..models import OperationBanqueFictive, PaiementPage
from ..services import paiement_en_ligne

journal = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def notification(request: HttpRequest, transaction_id: int) -> HttpResponse:
    idop = request.POST.get("idOp") or request.POST.get("idop") or ""
    transaction = paiement_en_ligne.notification(transaction_id, idop[:64])
    if transaction is None:
        return HttpResponse("inconnu", status=404, content_type="text/plain")
    return HttpResponse("OK", content_type="text/plain")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def retour(request: HttpRequest, transaction_id: int) -> HttpResponse:
    """Where the bank sends the parent back, often by a cross-site POST (no CSRF token, and no
    Lax session cookie): nothing is read nor decided here; a GET to the Paiement tab's return
    page follows, with the session, which asks the bank."""
    page = PaiementPage.objects.live().first()
    if page is None:
        raise Http404
    reponse = redirect(page.url + page.reverse_subpage("retour", args=[transaction_id]))
    reponse.status_code = 303  # « see other »: a GET, whatever the bank's method
    return reponse


CHOIX = {
    "payer": OperationBanqueFictive.Resultat.PAYE,
    "refuser": OperationBanqueFictive.Resultat.REFUSE,
    "abandonner": OperationBanqueFictive.Resultat.ABANDONNE,
    "sans_reponse": OperationBanqueFictive.Resultat.PAYE,
}


@require_http_methods(["GET", "POST"])
def banque_fictive(request: HttpRequest, idop: str) -> HttpResponse:
    if not settings.BANQUE_FICTIVE:
        raise Http404
    operation = get_object_or_404(OperationBanqueFictive, idop=idop)
    if request.method == "POST" and not operation.resultat:
        choix = request.POST.get("choix", "")
        if choix in CHOIX:
            operation.resultat = CHOIX[choix]
            operation.decide_le = timezone.now()
            operation.save(update_fields=["resultat", "decide_le"])
            if choix == "sans_reponse":
                return TemplateResponse(
                    request,
                    "facturation/banque_fictive.html",
                    {"operation": operation, "muette": True},
                )
            # The bank's server-to-server call, outside this request (as a real bank's).
            async_task("famille.facturation.tasks.notifier_banque_fictive", operation.pk)
            return redirect(operation.url_retour)
    if operation.resultat:
        return redirect(operation.url_retour)
    return TemplateResponse(request, "facturation/banque_fictive.html", {"operation": operation})
