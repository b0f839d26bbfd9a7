"""Background jobs of billing (django-q2). They take ids or ISO dates, never model instances.

Installed with every app's schedule by `python manage.py installer_taches` (idempotent; the
demo runs it): each night the consumption job bills the past days (and replays the last week, so that later
corrections become adjusting lines), then the balances are checked; on the 1st the previous
month's statements are issued; each morning the unpaid reminders go out; every 5 minutes the
online payments still pending are asked to the bank (issue 14)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_q.models import Schedule

from .models import (
    Facture,
    JourneeFacturee,
    OperationBanqueFictive,
    RelanceImpaye,
    TransactionPaiement,
)
from .services import consommations, factures, grand_livre, paiement_en_ligne, relances, tickets
from .services.tarification import euros

journal = logging.getLogger(__name__)

# A correction made within this many days is turned into an adjusting line by the nightly run.
JOURS_REJOUES = 7
# A first install bills no further back than this.
JOURS_MAX = 31

SCHEDULES = [
    ("Facturation : consommations des jours passés", "facturer_jours_passes", Schedule.DAILY, 2),
    ("Facturation : contrôle des soldes", "controler_soldes", Schedule.DAILY, 4),
    ("Facturation : factures du mois", "emettre_factures", Schedule.MONTHLY, 5),
    ("Facturation : relances des impayés", "relancer_impayes", Schedule.DAILY, 10),
]


def installer_planification() -> list[Schedule]:
    installes = []
    maintenant = timezone.localtime()
    for nom, fonction, type_, heure in SCHEDULES:
        prochaine = maintenant.replace(hour=heure, minute=0, second=0, microsecond=0)
        if type_ == Schedule.MONTHLY:
            prochaine = prochaine.replace(day=1)
            if prochaine <= maintenant:
                prochaine = prochaine.replace(
                    **dict(zip(("year", "month"), _mois_suivant(prochaine), strict=True))
                )
        elif prochaine <= maintenant:
            prochaine += datetime.timedelta(days=1)
        schedule, _ = Schedule.objects.update_or_create(
            name=nom,
            defaults={"func": f"famille.facturation.tasks.{fonction}", "schedule_type": type_},
        )
        if schedule.next_run is None or schedule.next_run < maintenant:
            schedule.next_run = prochaine
            schedule.save(update_fields=["next_run"])
        installes.append(schedule)
    schedule, _ = Schedule.objects.update_or_create(
        name="Paiement en ligne : transactions en attente",
        defaults={
            "func": "famille.facturation.tasks.verifier_transactions_en_attente",
            "schedule_type": Schedule.MINUTES,
            "minutes": 5,
        },
    )
    installes.append(schedule)
    return installes


def _mois_suivant(moment) -> tuple[int, int]:
    return (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)


def facturer_jours_passes(aujourdhui_iso: str | None = None) -> int:
    """Bill every past day not yet billed, and replay the last week. Returns the days run."""
    aujourdhui = (
        datetime.date.fromisoformat(aujourdhui_iso) if aujourdhui_iso else timezone.localdate()
    )
    dernier = (
        JourneeFacturee.objects.filter(termine_le__isnull=False)
        .order_by("-jour")
        .values_list("jour", flat=True)
        .first()
    )
    debut = aujourdhui - datetime.timedelta(days=JOURS_MAX)
    if dernier is not None:
        debut = max(
            debut,
            min(dernier + datetime.timedelta(days=1), aujourdhui)
            - datetime.timedelta(days=JOURS_REJOUES),
        )
    jours = 0
    jour = debut
    while jour < aujourdhui:
        consommations.facturer_jour(jour)
        jour += datetime.timedelta(days=1)
        jours += 1
    return jours


def controler_soldes() -> int:
    ecarts = grand_livre.controler_soldes()
    if ecarts:
        journal.error("Contrôle des soldes : %s écart(s)", len(ecarts))
    return len(ecarts)


def emettre_factures(mois_iso: str | None = None) -> int:
    """The previous month's statements (or those of `mois_iso`)."""
    if mois_iso:
        mois = datetime.date.fromisoformat(mois_iso)
    else:
        mois = factures.mois_precedent(timezone.localdate())
    return factures.emettre_mois(mois)


def envoyer_facture(facture_id: int) -> bool:
    facture = Facture.objects.select_related("foyer__titulaire", "structure").get(pk=facture_id)
    destinataires = facture.foyer.titulaire.liste_emails
    if not destinataires:
        return False
    message = EmailMessage(
        f"Portail Famille : votre facture {facture.reference}",
        render_to_string("facturation/emails/facture.txt", {"facture": facture}),
        None,
        destinataires,
    )
    message.attach(f"facture-{facture.reference}.pdf", factures.pdf(facture), "application/pdf")
    message.send()
    facture.envoyee_le = timezone.now()
    facture.save(update_fields=["envoyee_le"])
    return True


def relancer_impayes(jour_iso: str | None = None) -> int:
    jour = datetime.date.fromisoformat(jour_iso) if jour_iso else timezone.localdate()
    envoyees = 0
    for relance_id in relances.a_relancer(jour):
        relance = RelanceImpaye.objects.select_related("foyer__titulaire", "structure").get(
            pk=relance_id
        )
        destinataires = relance.foyer.titulaire.liste_emails
        if not destinataires:
            continue
        send_mail(
            "Portail Famille : un montant reste à régler",
            render_to_string(
                "facturation/emails/relance.txt",
                {
                    "relance": relance,
                    "montant": euros(-relance.montant),
                    "lien": settings.PORTAIL_URL.rstrip("/") + "/paiement/",
                },
            ),
            None,
            destinataires,
        )
        envoyees += 1
    return envoyees


# --- online payment (issue 14) -----------------------------------------------------------------


def verifier_transactions_en_attente() -> int:
    """Every 5 minutes: the pending transactions still in PayFiP's two-hour window, then once on
    the next day (expired if the bank still has nothing). Returns the transactions asked."""
    maintenant = timezone.now()
    paiement_en_ligne.fermer_creees(maintenant)
    demandes = 0
    for transaction_id, expirer in paiement_en_ligne.a_verifier(maintenant):
        try:
            paiement_en_ligne.verifier(transaction_id, expirer_si_en_cours=expirer)
        except Exception:  # noqa: BLE001 - one transaction's failure must not stop the others
            journal.exception("Transaction %s : vérification en échec", transaction_id)
        demandes += 1
    return demandes


def envoyer_ticket(transaction_id: int) -> bool:
    transaction = TransactionPaiement.objects.select_related("payeur", "foyer", "structure").get(
        pk=transaction_id
    )
    return tickets.envoyer(transaction)


def notifier_banque_fictive(operation_id: int) -> bool:
    """The stand-in bank's server-to-server notification (demo, tests): POST idOp to the URL
    the portal gave, as PayFiP does. A lost notification is what the periodic job is for."""
    import requests

    operation = OperationBanqueFictive.objects.get(pk=operation_id)
    try:
        reponse = requests.post(
            operation.url_notification, data={"idOp": operation.idop}, timeout=10
        )
    except requests.RequestException:
        journal.warning("Banque fictive : notification %s non délivrée", operation_id)
        return False
    return reponse.ok
