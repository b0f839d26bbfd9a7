"""The ticket de paiement of an online payment: a numbered PDF (per régie and year), e-mailed to
the first address of the payer's profile only and downloadable from the Historique tab."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from famille.comptes.pdf import template_vers_pdf

from ..models import TransactionPaiement


def contexte(transaction: TransactionPaiement) -> dict:
    return {
        "transaction": transaction,
        "portail": settings.WAGTAIL_SITE_NAME,
        "paye_le": timezone.localtime(transaction.termine_le or transaction.demande_le),
    }


def pdf(transaction: TransactionPaiement) -> bytes:
    return template_vers_pdf("facturation/pdf/ticket.html", contexte(transaction))


def envoyer(transaction: TransactionPaiement) -> bool:
    """To the payer's first address only (the memo: « seule la première adresse mail renseignée
    sera prise en compte »). Once: a second call sends nothing."""
    if transaction.numero_ticket is None or transaction.ticket_envoye_le is not None:
        return False
    emails = transaction.payeur.liste_emails
    premiere = emails[0] if emails else transaction.payeur.email
    if not premiere:
        return False
    message = EmailMessage(
        f"Portail Famille : votre ticket de paiement {transaction.reference_ticket}",
        render_to_string("facturation/emails/ticket.txt", contexte(transaction)),
        None,
        [premiere],
    )
    message.attach(
        f"ticket-{transaction.reference_ticket}.pdf", pdf(transaction), "application/pdf"
    )
    message.send()
    TransactionPaiement.objects.filter(pk=transaction.pk).update(ticket_envoye_le=timezone.now())
    return True
