"""Initial passwords of the accounts an import created. Imported accounts have an unusable
password until their letter is produced; this produces them, a batch at a time, through the
accounts' own rule (preparer/appliquer_mot_de_passe_initial), the only moment they are readable.

Each password costs an Argon2 hash: up to SEUIL_IMMEDIAT accounts the file is made inside the
request; more are made by a django-q2 task (produire_lot) whose CSV waits in private storage
on a LotCourriers row, with its progress, for the agent who asked for it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from famille.comptes import services as comptes_services
from famille.comptes.lettres import SEUIL_IMMEDIAT
from famille.comptes.models import Compte, Evenement, LotCourriers

from ..models import ImportFichier
from .exports import contenu_fichier

logger = logging.getLogger(__name__)
LIMITE = 300  # accounts per batch: one file staff can still handle
ENTETES = [
    "Identifiant",
    "Mot de passe initial",
    "Nom",
    "Prénom",
    "Adresse",
    "Complément d'adresse",
    "Code postal",
    "Ville",
    "E-mails",
]

__all__ = ["LIMITE", "SEUIL_IMMEDIAT", "en_attente", "produire", "programmer"]


def en_attente(import_fichier: ImportFichier) -> QuerySet[Compte]:
    return (
        import_fichier.comptes_crees.filter(mot_de_passe_initial=True, password__startswith="!")
        .select_related("foyer")
        .order_by("username")
    )


def produire(
    import_fichier: ImportFichier,
    auteur,
    request=None,
    comptes: list[Compte] | None = None,
    progression: Callable[[int], None] | None = None,
) -> tuple[list[str], list[list]]:
    """The next batch's rows (identifiant, new initial password, postal address). The hashes
    are made first, then all written at once: if anything fails, no password has changed."""
    if comptes is None:
        comptes = list(en_attente(import_fichier)[:LIMITE])
    prets = []
    for i, compte in enumerate(comptes, 1):
        prets.append((compte, *comptes_services.preparer_mot_de_passe_initial()))
        if progression and i % 10 == 0:
            progression(i)
    lignes = []
    with transaction.atomic():
        for compte, mot_de_passe, empreinte in prets:
            comptes_services.appliquer_mot_de_passe_initial(compte, empreinte)
            foyer = getattr(compte, "foyer", None)
            lignes.append(
                [
                    compte.username,
                    mot_de_passe,
                    compte.last_name,
                    compte.first_name,
                    foyer.adresse if foyer else "",
                    foyer.complement_adresse if foyer else "",
                    foyer.code_postal if foyer else "",
                    foyer.ville if foyer else "",
                    compte.emails,
                ]
            )
            comptes_services.journaliser(
                Evenement.Type.COURRIER,
                compte=compte,
                request=request,
                auteur=auteur,
                detail=f"Identifiants produits après l'import n° {import_fichier.pk}",
            )
    return ENTETES, lignes


def programmer(import_fichier: ImportFichier, auteur) -> LotCourriers:
    """Queue the next batch; the task takes ids only."""
    from django_q.tasks import async_task

    ids = list(en_attente(import_fichier).values_list("pk", flat=True)[:LIMITE])
    lot = LotCourriers.objects.create(
        auteur=auteur, comptes=ids, total=len(ids), format=LotCourriers.Format.CSV
    )
    async_task("transfers.tasks.produire_identifiants", lot.pk, import_fichier.pk)
    return lot


def produire_lot(lot_id: int, import_id: int) -> None:
    lot = LotCourriers.objects.get(pk=lot_id)
    if lot.statut != LotCourriers.Statut.ATTENTE:
        return  # a retried task: the passwords were made once, not twice
    LotCourriers.objects.filter(pk=lot.pk).update(statut=LotCourriers.Statut.EN_COURS)
    import_fichier = ImportFichier.objects.get(pk=import_id)
    par_id = en_attente(import_fichier).in_bulk(lot.comptes)
    comptes = [par_id[pk] for pk in lot.comptes if pk in par_id]

    def progression(n: int) -> None:
        LotCourriers.objects.filter(pk=lot.pk).update(faits=n)

    try:
        entetes, lignes = produire(import_fichier, lot.auteur, None, comptes, progression)
    except Exception:
        logger.exception("Identifiants du lot %s impossibles", lot.pk)
        LotCourriers.objects.filter(pk=lot.pk).update(
            statut=LotCourriers.Statut.ECHEC, termine_le=timezone.now()
        )
        return
    lot.fichier.save("identifiants.csv", ContentFile(contenu_fichier(entetes, lignes, "csv")))
    lot.statut, lot.faits, lot.termine_le = LotCourriers.Statut.PRET, len(lignes), timezone.now()
    lot.total = len(lignes)
    lot.save(update_fields=["fichier", "statut", "faits", "total", "termine_le"])
