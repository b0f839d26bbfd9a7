"""Which version of the RGPD and CGU families must accept: each publication of a legal page
makes its new revision the one to accept, unless the editor ticked « modification mineure »
(then families keep the version they accepted). The editor is told which it was."""

from __future__ import annotations

from django.contrib import messages
from wagtail import hooks
from wagtail.signals import page_published

from .models import LegalPage


def version_publiee(sender, instance: LegalPage, revision, **kwargs) -> None:
    if instance.modification_mineure and instance.version_a_accepter_id:
        return
    LegalPage.objects.filter(pk=instance.pk).update(version_a_accepter=revision)


page_published.connect(version_publiee, sender=LegalPage, dispatch_uid="home_version_legale")


@hooks.register("after_publish_page")
def prevenir_l_editeur(request, page) -> None:
    from famille.comptes.services import documents_legaux

    if not isinstance(page.specific, LegalPage):
        return
    if page.pk not in {d.page.pk for d in documents_legaux()}:
        return
    if page.specific.modification_mineure:
        messages.info(
            request,
            "Modification mineure : les familles ne sont pas interrogées à nouveau sur "
            f"« {page.title} ».",
        )
    else:
        messages.warning(
            request,
            f"Nouvelle version de « {page.title} » : toutes les familles devront l'accepter "
            "de nouveau à leur prochaine connexion.",
        )
