"""Letters that hand each family its identifiant and a new initial password: a printable PDF
(one page per family) or an e-mail. The password is generated at the moment the letter is made
and is never stored readable: making a letter invalidates the previous password. Letters for
more than SEUIL_IMMEDIAT accounts are made by a django-q2 task (produire_lot) whose PDF waits in
private storage for the agent who asked for it.

The contact details printed on the letter are the ones communications staff edit in the
admin (« contact et guide », a setting of the `home` app). The domain must not import `home`,
so they are looked up by app label: when that app is absent (another site using the domain
alone), the letter falls back to settings.PORTAIL_CONTACT or prints no contact block."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from . import services
from .models import Compte, Evenement, LotCourriers
from .pdf import template_vers_pdf

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Contact:
    collectivite: str = ""
    email: str = ""
    guichet: str = ""
    telephone: str = ""
    horaires: str = ""


def contact_du_service() -> Contact:
    """The Education service's contact details, as communications staff keep them."""
    try:
        modele = apps.get_model("home", "ParametresPortail")
    except LookupError:
        return Contact(**getattr(settings, "PORTAIL_CONTACT", {}))
    parametres = modele.load()
    return Contact(
        collectivite=parametres.nom_collectivite,
        email=parametres.email,
        guichet=parametres.guichet,
        telephone=parametres.telephone,
        horaires=parametres.horaires,
    )


def _destinataire(compte: Compte) -> dict:
    """Name and postal address for a window envelope. The foyer is reached through the
    account's reverse relation, so the domain of accounts does not import the dossiers."""
    foyer = getattr(compte, "foyer", None)
    lignes = []
    if foyer is not None:
        lignes = [
            foyer.adresse,
            foyer.complement_adresse,
            f"{foyer.code_postal} {foyer.ville}".strip(),
        ]
    return {"nom": compte.get_full_name() or compte.username, "adresse": [x for x in lignes if x]}


def _contexte(compte: Compte, mot_de_passe: str) -> dict:
    return {
        "compte": compte,
        "destinataire": _destinataire(compte),
        "identifiant": compte.username,
        "mot_de_passe": mot_de_passe,
        "portail_url": settings.PORTAIL_URL,
        "contact": contact_du_service(),
        "date": timezone.localdate(),
    }


def courriers_pdf(
    comptes: Iterable[Compte],
    auteur: Compte | None = None,
    progression: Callable[[int], None] | None = None,
) -> bytes:
    """One page per account, each with a brand-new initial password. All or nothing: if the
    PDF cannot be made, no password has changed. The hashes are made first, outside the
    transaction (the slow part, reported through `progression`), then written at once: the
    database is never held for the minute 300 Argon2 hashes take."""
    prets = []
    for i, compte in enumerate(comptes, 1):
        prets.append((compte, *services.preparer_mot_de_passe_initial()))
        if progression and i % 10 == 0:
            progression(i)
    with transaction.atomic():
        pages = []
        for compte, mot_de_passe, empreinte in prets:
            services.appliquer_mot_de_passe_initial(compte, empreinte)
            services.journaliser(
                Evenement.Type.COURRIER, compte=compte, auteur=auteur, detail="courrier PDF"
            )
            pages.append(_contexte(compte, mot_de_passe))
        return template_vers_pdf("comptes/lettres/courriers.html", {"pages": pages})


# Up to this many letters are made inside the request (about a second of Argon2); more go to
# a background task with a progress page.
SEUIL_IMMEDIAT = 10


def programmer_lot(comptes: Iterable[Compte], auteur: Compte) -> LotCourriers:
    """Queue the letters of many accounts. The task takes the batch's id only."""
    from django_q.tasks import async_task

    ids = [compte.pk for compte in comptes]
    lot = LotCourriers.objects.create(auteur=auteur, comptes=ids, total=len(ids))
    async_task("famille.comptes.lettres.produire_lot", lot.pk)
    return lot


def produire_lot(lot_id: int) -> None:
    """django-q2 task: the batch's PDF, saved in private storage; its progress on the row."""
    lot = LotCourriers.objects.get(pk=lot_id)
    if lot.statut != LotCourriers.Statut.ATTENTE:
        return  # a retried task: the letters were made or refused once, not twice
    LotCourriers.objects.filter(pk=lot.pk).update(statut=LotCourriers.Statut.EN_COURS)
    par_id = Compte.objects.in_bulk(lot.comptes)
    comptes = [par_id[pk] for pk in lot.comptes if pk in par_id]

    def progression(n: int) -> None:
        LotCourriers.objects.filter(pk=lot.pk).update(faits=n)

    try:
        pdf = courriers_pdf(comptes, auteur=lot.auteur, progression=progression)
    except Exception:
        logger.exception("Lot de courriers %s impossible", lot.pk)
        LotCourriers.objects.filter(pk=lot.pk).update(
            statut=LotCourriers.Statut.ECHEC, termine_le=timezone.now()
        )
        return
    lot.fichier.save("courriers.pdf", ContentFile(pdf), save=False)
    lot.statut, lot.faits, lot.termine_le = LotCourriers.Statut.PRET, lot.total, timezone.now()
    lot.save(update_fields=["fichier", "statut", "faits", "termine_le"])


def programmer_envois(comptes: Iterable[Compte], auteur: Compte | None = None) -> tuple[int, int]:
    """Queue one e-mail per account that has an address. Returns (queued, without address).
    The task takes ids only: the password is made inside it, never in the queue."""
    from django_q.tasks import async_task

    envoyes = sans_adresse = 0
    for compte in comptes:
        if not compte.liste_emails and not compte.email:
            sans_adresse += 1
            continue
        async_task(
            "famille.comptes.lettres.envoyer_courrier",
            compte.pk,
            auteur.pk if auteur else None,
        )
        envoyes += 1
    return envoyes, sans_adresse


def envoyer_courrier(compte_id: int, auteur_id: int | None = None) -> None:
    """django-q2 task: new initial password, e-mailed to all the account's addresses."""
    compte = Compte.objects.get(pk=compte_id)
    auteur = Compte.objects.filter(pk=auteur_id).first() if auteur_id else None
    destinataires = compte.liste_emails or [compte.email]
    mot_de_passe = services.attribuer_mot_de_passe_initial(compte)
    send_mail(
        "Portail Famille : votre identifiant et votre mot de passe",
        render_to_string("comptes/lettres/courrier.txt", _contexte(compte, mot_de_passe)),
        None,
        destinataires,
    )
    services.journaliser(
        Evenement.Type.COURRIER, compte=compte, auteur=auteur, detail="courrier par e-mail"
    )
    logger.info("Courrier d'identifiants envoyé au compte %s", compte.pk)
