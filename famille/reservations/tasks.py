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
    """The offers' expiry job and the kitchens' counts (frozen at each day's cut-off, then
    e-mailed), every 15 minutes (idempotent, keyed by name); run by
    `python manage.py installer_taches` with the other apps' schedules."""
    from django_q.models import Schedule

    taches = [
        ("Réservations : propositions de place expirées", "expirer_propositions"),
        ("Réservations : effectifs des repas figés et envoyés aux cuisines", "figer_effectifs_dus"),
    ]
    schedules = []
    for nom, fonction in taches:
        schedule, _ = Schedule.objects.update_or_create(
            name=nom,
            defaults={
                "func": f"famille.reservations.tasks.{fonction}",
                "schedule_type": Schedule.MINUTES,
                "minutes": 15,
            },
        )
        schedules.append(schedule)
    # Medical certificates of absences past their retention (RGPD), once a day at 3:30.
    schedule, _ = Schedule.objects.update_or_create(
        name="Réservations : purge des certificats médicaux",
        defaults={
            "func": "famille.reservations.tasks.purger_certificats",
            "schedule_type": Schedule.DAILY,
            "next_run": _prochaine_heure(3, 30),
        },
    )
    schedules.append(schedule)
    return schedules


def _prochaine_heure(heure: int, minute: int):
    from django.utils import timezone

    maintenant = timezone.localtime()
    prochaine = maintenant.replace(hour=heure, minute=minute, second=0, microsecond=0)
    return prochaine if prochaine > maintenant else prochaine + datetime.timedelta(days=1)


def purger_certificats() -> int:
    from .services.absences import purger_certificats as purger

    return purger()


# --- Meal counts for the kitchens (issue 12.3) -------------------------------------------------

SUJET_EFFECTIFS = "Effectifs des repas du {jour} : {site}"


def figer_effectifs_dus() -> list[int]:
    """The scheduled job: freeze each day whose cut-off has passed, then e-mail its counts to
    every kitchen (one task per frozen day, by id). Returns the ids of the days frozen."""
    from django_q.tasks import async_task

    from .services import repas

    geles = []
    for jour in repas.jours_a_figer():
        gel, cree = repas.figer_repas(jour)  # committed here: the task reads saved data
        if cree:
            geles.append(gel.pk)
            async_task("famille.reservations.tasks.envoyer_effectifs_cuisine", gel.pk)
    return geles


def envoyer_effectifs_cuisine(gel_id: int) -> int:
    """One e-mail per site with a kitchen address: its frozen counts by variant, numbers only.
    Sent once (the day's `envoye_le`); returns how many e-mails left."""
    from django.db import transaction
    from django.utils import timezone

    from .models_repas import GelRepas, SiteRepas
    from .services import repas

    with transaction.atomic():
        gel = GelRepas.objects.select_for_update().filter(pk=gel_id).first()
        if gel is None or gel.envoye_le is not None:
            return 0
        effectifs = repas.effectifs_du_jour(gel.jour)
        adresses = dict(SiteRepas.objects.exclude(email="").values_list("pk", "email"))
        envoyes = 0
        for site in effectifs.sites:
            if site.site_id not in adresses or not site.total_fige:
                continue  # no kitchen address, or nothing to cook that day
            par_variante = {ligne.variante: ligne.fige for ligne in site.lignes}
            site.lignes = [ligne for ligne in site.lignes if ligne.fige]
            send_mail(
                SUJET_EFFECTIFS.format(jour=date_longue(gel.jour), site=site.nom),
                render_to_string(
                    "reservations/emails/effectifs_cuisine.txt",
                    {
                        "site": site,
                        "jour": date_longue(gel.jour),
                        "fige_le": timezone.localtime(gel.fige_le),
                        "heure": site.heure_cuisine,
                        "pai_adapte": par_variante.get(repas.PAI_ADAPTE, 0),
                        "panier": par_variante.get(repas.PANIER_REPAS, 0),
                    },
                ),
                None,
                [adresses[site.site_id]],
            )
            envoyes += 1
        gel.envoye_le = timezone.now()
        gel.save(update_fields=["envoye_le"])
    return envoyes
