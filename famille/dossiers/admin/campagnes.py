"""Admin of the annual campaign (menu Éducation): the campaigns (school year, window,
reminder days) and the read-only history of the fiches, health values masked for anyone
outside the Éducation group."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.model import ModelViewSet

from famille.comptes.acces import voit_historique, voit_sante
from famille.comptes.wagtail_hooks import MENU_EDUCATION

from ..models import Campagne, Modification
from ..services.historique import afficher


class CampagneViewSet(ModelViewSet):
    model = Campagne
    icon = "date"
    menu_label = "Campagnes de renouvellement"
    menu_order = 400
    menu_hook = MENU_EDUCATION
    url_prefix = "campagnes"
    list_display = ["annee_scolaire", "ouverture", "cloture", "relances"]
    copy_view_enabled = False
    panels = [
        FieldPanel("annee_scolaire"),
        FieldRowPanel([FieldPanel("rentree"), FieldPanel("fin_annee")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("ouverture"), FieldPanel("cloture")]),
                FieldPanel("relances"),
            ],
            heading="Renouvellement en ligne",
        ),
    ]


@hooks.register("register_admin_viewset")
def campagnes() -> CampagneViewSet:
    return CampagneViewSet("campagnes")


def historique(request):
    """Who changed which fiche, when and what (filter by family number or child's name)."""
    if not voit_historique(request.user):
        raise PermissionDenied
    recherche = request.GET.get("q", "").strip()
    modifications = Modification.objects.select_related("foyer", "enfant", "auteur")
    if recherche:
        modifications = modifications.filter(
            Q(foyer__numero__iexact=recherche)
            | Q(enfant__nom__icontains=recherche)
            | Q(enfant__prenom__icontains=recherche)
        )
    page = Paginator(modifications, 30).get_page(request.GET.get("p"))
    lignes = [(m, afficher(m, request.user)) for m in page]
    return TemplateResponse(
        request,
        "dossiers/historique/liste.html",
        {
            "page_obj": page,
            "lignes": lignes,
            "recherche": recherche,
            "voit_la_sante": voit_sante(request.user),
        },
    )


@hooks.register("register_admin_urls")
def urls_historique():
    return [path("historique-fiches/", historique, name="dossiers_historique")]


class HistoriqueMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return voit_historique(request.user)


@hooks.register(MENU_EDUCATION)
def menu_historique() -> MenuItem:
    return HistoriqueMenuItem(
        "Historique des fiches", reverse("dossiers_historique"), icon_name="history", order=950
    )
