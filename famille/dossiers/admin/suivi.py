"""The campaign's follow-up in the admin: the dashboard panel's four counts link to the
Comptes famille list filtered on the same querysets (services/suivi.py), so each list holds
exactly what its count says, exportable like any list, with two bulk actions: « Relancer par
e-mail » (at most once per family and per day) and « Courriers du dossier papier » for the
families without e-mail."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import classproperty
from django_q.tasks import async_task
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from ..models import Foyer
from ..services import campagne as campagne_service
from ..services import suivi

GABARITS = "dossiers/admin/suivi/"
PERMISSION = "dossiers.change_dossierannuel"


def url_suivi(cle: str) -> str:
    return reverse("wagtailsnippets_dossiers_foyer:list") + f"?suivi={cle}"


def filtrer(queryset, valeur: str):
    """The Comptes famille list's « Renouvellement » filter: the very queryset counted."""
    campagne = campagne_service.campagne_courante()
    if campagne is None or valeur not in suivi.SUIVIS:
        return queryset
    return queryset.filter(pk__in=suivi.foyers_du_suivi(campagne, valeur).values("pk"))


class AvancementCampagnePanel(Component):
    name = "avancement_campagne"
    template_name = "dossiers/admin/revue/panneau_avancement.html"
    order = 90

    def __init__(self, campagne):
        self.campagne = campagne

    def get_context_data(self, parent_context):
        contexte = super().get_context_data(parent_context)
        chiffres = suivi.avancement(self.campagne)
        contexte.update(
            campagne=self.campagne,
            chiffres=chiffres,
            lignes=[
                (libelle, chiffres.comptes[cle], url_suivi(cle))
                for cle, libelle in suivi.SUIVIS.items()
            ],
        )
        return contexte


@hooks.register("construct_homepage_panels")
def panneau_avancement(request: HttpRequest, panels: list) -> None:
    if not request.user.has_perm("dossiers.view_dossierannuel"):
        return
    campagne = campagne_service.campagne_courante()
    if campagne is not None:
        panels.append(AvancementCampagnePanel(campagne))


class _ActionDeSuivi(SnippetBulkAction):
    template_name = GABARITS + "confirmation.html"

    @classproperty
    def models(cls):
        return [Foyer]

    def check_perm(self, foyer: Foyer) -> bool:
        return self.request.user.has_perm(PERMISSION)

    def get_queryset(self, model, object_ids):
        return list(Foyer.objects.filter(pk__in=object_ids).select_related("titulaire"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "titre": self.display_name,
            "explication": self.explication,
            "bouton": self.bouton,
        }

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return len(objects), 0

    def _campagne(self):
        campagne = campagne_service.campagne_courante()
        if campagne is None:
            raise PermissionDenied
        return campagne


class RelanceBulkAction(_ActionDeSuivi):
    display_name = "Relancer par e-mail"
    action_type = "relancer"
    aria_label = "Relancer par e-mail les familles sélectionnées"
    action_priority = 30
    explication = (
        "Un e-mail rappelle à chaque famille ce qu'il reste à faire et la date limite. Une "
        "famille n'est relancée qu'une fois par jour ; les familles sans adresse e-mail "
        "reçoivent plutôt un courrier (action « Courriers du dossier papier »)."
    )
    bouton = "Envoyer les relances"

    def prepare_action(self, objects, objects_without_access):
        if not objects:
            raise PermissionDenied
        with transaction.atomic():
            resultat = suivi.relancer(objects, self._campagne(), self.request.user)
            for dossier_id in resultat.envoyees:
                transaction.on_commit(
                    lambda i=dossier_id: async_task("famille.dossiers.tasks.envoyer_rappel", i)
                )
        phrases = [f"{len(resultat.envoyees)} relance(s) en cours d'envoi par e-mail."]
        if resultat.deja_relancees:
            phrases.append(
                f"{resultat.deja_relancees} famille(s) déjà relancée(s) aujourd'hui : "
                "pas de nouvel e-mail."
            )
        if resultat.terminees:
            phrases.append(f"{resultat.terminees} dossier(s) déjà transmis ou validé(s).")
        if resultat.sans_adresse:
            phrases.append(
                f"{resultat.sans_adresse} famille(s) sans adresse e-mail : produisez leur "
                "courrier du dossier papier."
            )
        niveau = messages.warning if resultat.sans_adresse else messages.success
        niveau(self.request, " ".join(phrases))


class LettresDossierPapierBulkAction(_ActionDeSuivi):
    display_name = "Courriers du dossier papier"
    action_type = "lettres_dossier_papier"
    aria_label = "Produire les courriers du dossier papier des familles sélectionnées"
    action_priority = 31
    explication = (
        "Un PDF à imprimer, une page par famille sans adresse e-mail : le dossier à "
        "renouveler, ce qu'il reste à faire et la date limite. Les familles qui ont une "
        "adresse e-mail sont à relancer par e-mail."
    )
    bouton = "Produire les courriers"

    def prepare_action(self, objects, objects_without_access):
        sans_email = [f for f in objects if not suivi.a_une_adresse(f)]
        if not sans_email:
            messages.warning(
                self.request,
                "Toutes les familles sélectionnées ont une adresse e-mail : relancez-les par "
                "e-mail.",
            )
            return None
        pdf = suivi.lettres_dossier_papier(sans_email, self._campagne(), self.request.user)
        reponse = HttpResponse(pdf, content_type="application/pdf")
        reponse["Content-Disposition"] = 'attachment; filename="courriers-dossier-papier.pdf"'
        add_never_cache_headers(reponse)
        return reponse


hooks.register("register_bulk_action", RelanceBulkAction)
hooks.register("register_bulk_action", LettresDossierPapierBulkAction)
