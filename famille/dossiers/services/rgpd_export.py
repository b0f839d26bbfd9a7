"""« Mes données » in the background (issue 10.9): the readable PDF of a family with a year of
bookings takes several seconds of layout (scripts/bench_mes_donnees.py), too long for a
request on a loaded server. The parent asks for it; a django-q2 task (ids only) writes it in
private storage; the page shows the download link once it is ready and an e-mail says so; the
daily purge deletes it after a week.
The JSON file stays immediate (a fraction of a second). A foyer keeps one document: a new
request replaces the previous one."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ..models import ExportDonnees, Foyer
from ..models.pieces import private_storage
from . import rgpd


def demander(foyer: Foyer, compte) -> ExportDonnees:
    """Replace the foyer's previous document by a new request, prepared after commit."""
    stockage = private_storage()
    with transaction.atomic():
        anciens = list(ExportDonnees.objects.select_for_update().filter(foyer=foyer))
        noms = [a.fichier.name for a in anciens if a.fichier]
        ExportDonnees.objects.filter(pk__in=[a.pk for a in anciens]).delete()
        export = ExportDonnees.objects.create(foyer=foyer, demande_par=compte)
        transaction.on_commit(lambda: [stockage.delete(n) for n in noms])
        transaction.on_commit(
            lambda: _tache("famille.dossiers.tasks.preparer_mes_donnees", export.pk)
        )
    return export


def preparer(export_id: int) -> ExportDonnees | None:
    """Write the PDF of a request (the task's work). None if the request was replaced."""
    export = ExportDonnees.objects.select_related("foyer__titulaire").filter(pk=export_id).first()
    if export is None or export.pret_le is not None:
        return None
    contenu = rgpd.en_pdf(rgpd.donnees_du_foyer(export.foyer), export.foyer)
    export.fichier.save("mes-donnees.pdf", ContentFile(contenu), save=False)
    export.pret_le = timezone.now()
    if not ExportDonnees.objects.filter(pk=export.pk).update(
        fichier=export.fichier.name, pret_le=export.pret_le
    ):
        private_storage().delete(export.fichier.name)  # replaced meanwhile
        return None
    return export


# A prepared document is a copy of the family's data: it is kept a week, then deleted by the
# daily purge (services/rgpd_purge.py).
CONSERVATION = datetime.timedelta(days=7)


def supprimer_anciens() -> int:
    """Delete the documents asked for more than CONSERVATION ago, rows then files."""
    anciens = ExportDonnees.objects.filter(demande_le__lt=timezone.now() - CONSERVATION)
    noms = [e.fichier.name for e in anciens if e.fichier]
    nombre = anciens.delete()[0]
    stockage = private_storage()
    for nom in noms:
        stockage.delete(nom)
    return nombre


def du_foyer(foyer: Foyer) -> ExportDonnees | None:
    """The foyer's current request, ready or not."""
    return ExportDonnees.objects.filter(foyer=foyer).order_by("-demande_le").first()


def _tache(chemin: str, *ids: int) -> None:
    from django_q.tasks import async_task

    async_task(chemin, *ids)
