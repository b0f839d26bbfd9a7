"""Background jobs of bookings (django-q2). They take ids and primitive data, never model
instances: the queue may be Redis, read by another machine."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from famille.comptes.adresses import adresses_actuelles
from famille.comptes.models import Compte
from famille.dossiers.models import Enfant

from .models import Prestation
from .presentation import date_longue

SUJET_COMPTE_RENDU = "Portail Famille : compte-rendu de vos réservations"


def _lignes(triples, enfants: dict, prestations: dict) -> list[str]:
    """« Léo — Restauration scolaire — lundi 7 septembre 2026 », in date order. First names
    only: the mail may be read by whoever reads that mailbox."""
    lignes = sorted(
        (datetime.date.fromisoformat(jour), enfants.get(e, ""), prestations.get(p, ""))
        for e, p, jour in triples
    )
    return [f"{prenom} — {prestation} — {date_longue(jour)}" for jour, prenom, prestation in lignes]


def envoyer_compte_rendu(compte_id: int, lignes: dict[str, list]) -> None:
    """One e-mail, to every address of the profile, listing the days booked, put on the
    waiting list and cancelled by one confirmation."""
    compte = Compte.objects.filter(pk=compte_id).first()
    if compte is None:
        return
    destinataires = adresses_actuelles(compte)
    if not destinataires:
        return
    triples = [t for cle in ("ajoutees", "en_attente", "annulees") for t in lignes.get(cle, [])]
    enfants = dict(
        Enfant.objects.filter(pk__in={t[0] for t in triples}).values_list("pk", "prenom")
    )
    prestations = dict(
        Prestation.objects.filter(pk__in={t[1] for t in triples}).values_list("pk", "nom")
    )
    contexte = {
        cle: _lignes(lignes.get(cle, []), enfants, prestations)
        for cle in ("ajoutees", "en_attente", "annulees")
    } | {"portail_url": settings.PORTAIL_URL}
    send_mail(
        SUJET_COMPTE_RENDU,
        render_to_string("reservations/emails/compte_rendu.txt", contexte),
        None,
        destinataires,
    )


# --- Waiting list (resa-domaine): offers e-mailed, offers that expire -------------------------

SUJET_PROPOSITION = "Portail Famille : une place s'est libérée"


def envoyer_propositions(reservation_ids: list[int]) -> None:
    """Tell each family that a place was freed for its child and until when to accept it on
    the portal (first names only)."""
    from django.utils import timezone

    from .models import Reservation
    from .services.regles import date_longue as jour_long

    offres = Reservation.objects.filter(
        pk__in=reservation_ids, statut=Reservation.Statut.PROPOSEE
    ).select_related("foyer__titulaire", "enfant", "prestation")
    for offre in offres:
        destinataires = adresses_actuelles(offre.foyer.titulaire)
        if not destinataires:
            continue
        limite = timezone.localtime(offre.expire_le) if offre.expire_le else None
        send_mail(
            SUJET_PROPOSITION,
            render_to_string(
                "reservations/emails/proposition.txt",
                {
                    "prenom": offre.enfant.prenom,
                    "prestation": offre.prestation.nom,
                    "jour": jour_long(offre.date),
                    "limite": limite,
                    "portail_url": settings.PORTAIL_URL,
                },
            ),
            None,
            destinataires,
        )


def expirer_propositions() -> int:
    """The scheduled job: offers not accepted in time pass to the next family in line."""
    from .services.attente import expirer_propositions as expirer

    return expirer()


def installer_planification():
    """The offers' expiry job, every 15 minutes (idempotent, keyed by name); run by
    `python manage.py installer_taches` with the other apps' schedules."""
    from django_q.models import Schedule

    schedule, _ = Schedule.objects.update_or_create(
        name="Réservations : propositions de place expirées",
        defaults={
            "func": "famille.reservations.tasks.expirer_propositions",
            "schedule_type": Schedule.MINUTES,
            "minutes": 15,
        },
    )
    return [schedule]
