"""Admin review of dossiers and pièces justificatives (menu Éducation → « Dossiers »): the list
with its filters, a review screen per family (fiches read-only beside each piece, accept or
refuse, validate the dossier), paper dossiers entered by staff, and the campaign's progress on
the dashboard. Every view checks its permission itself; health data only for Éducation."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from famille.comptes.acces import voit_sante
from famille.comptes.admin_ui import OuiNonColumn
from famille.comptes.exports import ExportSecuriseMixin
from famille.comptes.wagtail_hooks import MENU_EDUCATION

from ..models import Assurance, DossierAnnuel, Ecole, Fichier, Foyer, PieceJustificative
from ..services import campagne as campagne_service
from ..services import pieces as service
from ..views.pieces import DepotForm, reponse_fichier
from . import apercu

Statut = DossierAnnuel.Statut


def _exiger(request: HttpRequest, *permissions: str) -> None:
    if not all(request.user.has_perm(p) for p in permissions):
        raise PermissionDenied


# --- The list -------------------------------------------------------------------------------


class DossierFilterSet(WagtailFilterSet):
    ecole = django_filters.ModelChoiceFilter(
        label="École",
        queryset=Ecole.objects.all(),
        field_name="foyer__enfants__ecole",
        distinct=True,
    )
    campagne = django_filters.ModelChoiceFilter(
        label="Année scolaire",
        queryset=campagne_service.Campagne.objects.all(),
    )
    statut = django_filters.ChoiceFilter(label="Statut", choices=Statut.choices)
    papier = django_filters.BooleanFilter(label="Dossier papier")

    class Meta:
        model = DossierAnnuel
        fields = ["ecole", "campagne", "statut", "papier"]


def url_revue(dossier: DossierAnnuel) -> str:
    return reverse("dossiers_revue:revue", args=[dossier.pk])


class DossierIndexView(ExportSecuriseMixin, IndexView):
    pass


class DossierViewSet(ModelViewSet):
    model = DossierAnnuel
    index_view_class = DossierIndexView
    list_export = [
        "foyer.numero",
        "foyer.titulaire.last_name",
        "foyer.titulaire.first_name",
        "campagne.annee_scolaire",
        "get_statut_display",
        "papier",
        "transmis_le",
        "valide_le",
    ]
    export_headings = {
        "foyer.numero": "Numéro de famille",
        "foyer.titulaire.last_name": "Nom",
        "foyer.titulaire.first_name": "Prénom",
        "campagne.annee_scolaire": "Année scolaire",
        "get_statut_display": "Statut",
    }
    export_filename = "dossiers"
    icon = "folder-open-inverse"
    menu_label = "Dossiers"
    menu_order = 150
    menu_hook = MENU_EDUCATION
    url_prefix = "dossiers-revue"
    copy_view_enabled = False
    filterset_class = DossierFilterSet
    search_fields = ["foyer__numero", "foyer__titulaire__last_name"]
    list_display = [
        TitleColumn("foyer", label="Compte famille", get_url=url_revue),
        Column("campagne", label="Année scolaire"),
        Column("statut", label="Statut", accessor="get_statut_display"),
        OuiNonColumn("papier", label="Dossier papier"),
        Column("transmis_le", label="Transmis le"),
    ]
    # Staff open a dossier for a family without internet, then upload on its behalf.
    panels = [FieldPanel("foyer"), FieldPanel("campagne"), FieldPanel("papier")]

    def get_queryset(self, request):
        return DossierAnnuel.objects.select_related("foyer__titulaire", "campagne")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("revue/<int:pk>/", revue, name="revue"),
            path("revue/<int:pk>/papier/", papier, name="papier"),
            path("revue/<int:pk>/valider/", valider, name="valider"),
            path("revue/<int:pk>/deposer/", deposer, name="deposer"),
            path("piece/<int:pk>/decision/", decision, name="decision"),
            path("fichier/<int:pk>/", telecharger, name="fichier"),
            path("fichier/<int:pk>/apercu/", apercu.apercu, name="apercu"),
            path("fichier/<int:pk>/apercu/<int:page>.png", apercu.image, name="apercu_page"),
        ]


@hooks.register("register_admin_viewset")
def dossiers() -> DossierViewSet:
    return DossierViewSet("dossiers_revue")


# --- The review screen ----------------------------------------------------------------------


def _url_foyer(foyer: Foyer) -> str | None:
    try:
        return reverse("wagtailsnippets_dossiers_foyer:edit", args=[foyer.pk])
    except NoReverseMatch:
        return None


def _enfants(dossier: DossierAnnuel, sante: bool) -> list[dict]:
    enfants = (
        campagne_service.enfants_du_foyer(dossier.foyer)
        .select_related("ecole", "classe")
        .prefetch_related("contacts")
    )
    resultat = []
    for enfant in enfants:
        resultat.append(
            {
                "enfant": enfant,
                "contacts": list(enfant.contacts.all()),
                "autorisation": getattr(enfant, "autorisation", None),
                # Health data: the template never receives it outside the Éducation group.
                "fiche_sante": getattr(enfant, "fiche_sante", None) if sante else None,
            }
        )
    return resultat


def _rendre(
    request: HttpRequest,
    dossier: DossierAnnuel,
    erreurs: dict | None = None,
    depot: DepotForm | None = None,
    status: int = 200,
) -> HttpResponse:
    sante = voit_sante(request.user)
    requises = service.pieces_requises(dossier)
    lignes = [
        {"requise": r, "visible": sante or r.type not in service.TYPES_SANTE} for r in requises
    ]
    contexte = {
        "dossier": dossier,
        "foyer": dossier.foyer,
        "responsables": dossier.foyer.responsables.prefetch_related("enfants"),
        "assurance": Assurance.objects.filter(
            foyer=dossier.foyer, campagne=dossier.campagne
        ).first(),
        "enfants": _enfants(dossier, sante),
        "voit_sante": sante,
        "fiches": campagne_service.lignes_fiches(dossier),
        "reglements": campagne_service.lignes_reglement(dossier),
        "lignes": lignes,
        "manques": service.manques_pour_valider(dossier, requises),
        "peut_decider": request.user.has_perm("dossiers.change_piecejustificative"),
        "peut_valider": request.user.has_perm("dossiers.change_dossierannuel"),
        "erreurs": erreurs or {},
        "depot": depot,
        "url_foyer": _url_foyer(dossier.foyer),
        "url_liste": reverse("dossiers_revue:index"),
        "taille_max": service.taille_lisible(service.TAILLE_MAX),
    }
    return TemplateResponse(request, "dossiers/admin/revue/dossier.html", contexte, status=status)


def _dossier(pk: int) -> DossierAnnuel:
    return get_object_or_404(
        DossierAnnuel.objects.select_related("foyer__titulaire", "campagne", "valide_par"), pk=pk
    )


def revue(request: HttpRequest, pk: int) -> HttpResponse:
    _exiger(request, "dossiers.view_dossierannuel", "dossiers.view_piecejustificative")
    return _rendre(request, _dossier(pk))


@require_POST
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    _exiger(request, "dossiers.change_piecejustificative")
    piece = get_object_or_404(PieceJustificative.objects.select_related("dossier"), pk=pk)
    if not service.peut_voir_piece(request.user, piece):
        raise PermissionDenied
    if request.POST.get("decision") == "accepter":
        service.accepter(piece, request.user)
        messages.success(request, f"Pièce « {piece.get_type_display()} » acceptée.")
    else:
        try:
            service.refuser(piece, request.user, request.POST.get("motif", ""))
        except ValidationError as erreur:
            erreurs = {piece.pk: erreur.message_dict["motif"][0]}
            return _rendre(request, _dossier(piece.dossier_id), erreurs=erreurs, status=400)
        messages.success(
            request,
            f"Pièce « {piece.get_type_display()} » refusée : la famille est prévenue par e-mail.",
        )
    return redirect(f"{url_revue(piece.dossier)}#piece-{piece.pk}")


@require_POST
def valider(request: HttpRequest, pk: int) -> HttpResponse:
    _exiger(request, "dossiers.change_dossierannuel")
    dossier = _dossier(pk)
    try:
        service.valider_dossier(dossier, request.user)
    except ValidationError as erreur:
        for message in erreur.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Dossier de {dossier.foyer} validé pour l'année scolaire.")
    return redirect(url_revue(dossier))


@require_POST
def papier(request: HttpRequest, pk: int) -> HttpResponse:
    """« Dossier papier »: the family has no internet; staff enter its dossier."""
    _exiger(request, "dossiers.change_dossierannuel", "dossiers.change_foyer")
    dossier = _dossier(pk)
    valeur = request.POST.get("papier") == "1"
    with transaction.atomic():
        DossierAnnuel.objects.filter(pk=dossier.pk).update(papier=valeur)
        Foyer.objects.filter(pk=dossier.foyer_id).update(dossier_papier=valeur)
    messages.success(
        request,
        "Dossier marqué « dossier papier » : vous pouvez déposer les pièces pour la famille."
        if valeur
        else "Le dossier n'est plus marqué « dossier papier ».",
    )
    return redirect(url_revue(dossier))


@require_POST
def deposer(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff upload a paper dossier's pieces, with the same checks as the family's upload."""
    _exiger(request, "dossiers.change_piecejustificative")
    dossier = _dossier(pk)
    if not dossier.papier:
        raise PermissionDenied
    formulaire = DepotForm(request.POST, request.FILES)
    requise = service.requise_par_cle(dossier, request.POST.get("piece", ""))
    if requise is None:
        return _rendre(request, dossier, status=404)
    if requise.type in service.TYPES_SANTE and not voit_sante(request.user):
        raise PermissionDenied
    if not formulaire.is_valid():
        return _rendre(request, dossier, depot=formulaire, status=400)
    try:
        service.deposer(
            dossier, requise.type, requise.enfant, formulaire.cleaned_data["fichiers"], request.user
        )
    except ValidationError as erreur:  # the foyer's quota
        formulaire.add_error("fichiers", erreur)
        return _rendre(request, dossier, depot=formulaire, status=400)
    messages.success(request, f"Pièce « {requise.libelle} » déposée pour la famille.")
    return redirect(url_revue(dossier))


def telecharger(request: HttpRequest, pk: int) -> HttpResponse:
    fichier = get_object_or_404(Fichier.objects.select_related("piece"), pk=pk)
    if not service.peut_voir_piece(request.user, fichier.piece):
        raise PermissionDenied
    return reponse_fichier(fichier)
