"""Background jobs of the Dossier Famille (django-q2). They take ids, never model instances.

The daily schedule is installed by `python manage.py installer_taches` (idempotent; the demo
runs it too): a command rather than a post_migrate hook, so that a town decides when its
background jobs start."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task

from .models import DossierAnnuel, PieceJustificative
from .pages import DossierFamillePage
from .services import campagne as svc
from .services import relances

SCHEDULES = [
    {
        "name": "Dossier Famille : relances du renouvellement",
        "func": "famille.dossiers.tasks.envoyer_relances",
        "schedule_type": Schedule.DAILY,
        "hour": 9,
    },
]


def installer_planification() -> list[Schedule]:
    """Create or update the schedules of this app, keyed by name (running it twice changes
    nothing)."""
    installes = []
    for definition in SCHEDULES:
        definition = dict(definition)
        heure = definition.pop("hour")
        maintenant = timezone.localtime()
        prochaine = maintenant.replace(hour=heure, minute=0, second=0, microsecond=0)
        if prochaine <= maintenant:
            prochaine += datetime.timedelta(days=1)
        schedule, cree = Schedule.objects.get_or_create(
            name=definition["name"], defaults={**definition, "next_run": prochaine}
        )
        if not cree and (
            schedule.func != definition["func"]
            or schedule.schedule_type != definition["schedule_type"]
        ):
            schedule.func = definition["func"]
            schedule.schedule_type = definition["schedule_type"]
            schedule.save(update_fields=["func", "schedule_type"])
        installes.append(schedule)
    return installes


def envoyer_relances(jour_iso: str | None = None) -> int:
    """Daily: queue one reminder per incomplete dossier due today. Returns how many."""
    jour = datetime.date.fromisoformat(jour_iso) if jour_iso else timezone.localdate()
    ids = relances.dossiers_a_relancer(jour)
    for dossier_id in ids:
        async_task("famille.dossiers.tasks.envoyer_relance", dossier_id, jour.isoformat())
    return len(ids)


def envoyer_relance(dossier_id: int, jour_iso: str) -> bool:
    """Send one scheduled reminder, once: the conditional update claims it before the e-mail
    leaves."""
    jour = datetime.date.fromisoformat(jour_iso)
    if not relances.marquer_relance(dossier_id, jour):
        return False
    return envoyer_rappel(dossier_id)


def envoyer_rappel(dossier_id: int) -> bool:
    """E-mail the family what is left of its dossier (the reminder was claimed by the caller:
    the schedule above, or staff's bulk action through services/suivi.py)."""
    dossier = DossierAnnuel.objects.select_related("foyer__titulaire", "campagne").get(
        pk=dossier_id
    )
    destinataires = dossier.foyer.titulaire.liste_emails or [dossier.foyer.titulaire.email]
    destinataires = [d for d in destinataires if d]
    if not destinataires:
        return False
    etat = svc.etat(dossier)
    contexte = {
        "compte": dossier.foyer.titulaire,
        "campagne": dossier.campagne,
        "date_limite": svc.date_longue(dossier.campagne.cloture),
        # Counts only: an e-mail may be read by others, it names no fiche content.
        "fiches_restantes": sum(1 for ligne in etat.fiches if not ligne.fait),
        "pieces_restantes": sum(1 for ligne in etat.pieces if not ligne.fait),
        "reglements_restants": sum(1 for ligne in etat.reglements if not ligne.fait),
        "lien": settings.PORTAIL_URL.rstrip("/") + DossierFamillePage.url_de("accueil"),
    }
    send_mail(
        f"Portail Famille : votre dossier famille {dossier.campagne.annee_scolaire} est à "
        f"valider avant le {contexte['date_limite']}",
        render_to_string("dossiers/emails/relance.txt", contexte),
        None,
        destinataires,
    )
    return True


def envoyer_email_refus(piece_id: int) -> None:
    """Tell the family a piece was refused, naming the document (its type and the file name
    the parent gave it) and the reason. A health piece is named only by its deposit date and
    its reason stays on the portal: the e-mail may be read by someone else."""
    piece = (
        PieceJustificative.objects.select_related("dossier__foyer__titulaire", "enfant")
        .prefetch_related("fichiers")
        .filter(pk=piece_id, statut=PieceJustificative.Statut.REFUSEE)
        .first()
    )
    if piece is None:
        return
    titulaire = piece.dossier.foyer.titulaire
    destinataires = titulaire.liste_emails or ([titulaire.email] if titulaire.email else [])
    if not destinataires:
        return
    contexte = {
        "titulaire": titulaire,
        "piece": None if piece.est_sante else piece,
        "fichiers": [] if piece.est_sante else [f.nom_original for f in piece.fichiers.all()],
        "deposee_le": timezone.localtime(piece.deposee_le) if piece.deposee_le else None,
        "lien": settings.PORTAIL_URL.rstrip("/") + DossierFamillePage.url_de("pieces"),
    }
    send_mail(
        "Portail Famille : une pièce justificative a été refusée",
        render_to_string("dossiers/pieces_email_refus.txt", contexte),
        None,
        destinataires,
    )


def preparer_mes_donnees(export_id: int) -> None:
    """Write the « Mes données » PDF, then tell the parent it is ready (issue 10.9). The e-mail
    holds a link to the page, never to the document: the download needs the parent's login."""
    from .services import rgpd_export

    export = rgpd_export.preparer(export_id)
    if export is None:
        return
    titulaire = export.foyer.titulaire
    destinataires = titulaire.liste_emails or ([titulaire.email] if titulaire.email else [])
    if not destinataires:
        return
    send_mail(
        "Portail Famille : vos données sont prêtes",
        render_to_string(
            "dossiers/emails/mes_donnees_pretes.txt",
            {
                "titulaire": titulaire,
                "lien": settings.PORTAIL_URL.rstrip("/") + DossierFamillePage.url_de("mes_donnees"),
            },
        ),
        None,
        destinataires,
    )
