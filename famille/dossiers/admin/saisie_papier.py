"""Paper dossiers: the Education service enters the fiches of a family without internet, in the
Wagtail admin, with the parent's own forms (same fields, same checks, same French messages),
then presses « Valider » on each fiche for the family. Every save goes through the history
with the staff member as author; the fiche santé only for the Éducation group.

Reached from the review screen of a dossier marked « dossier papier » and from the Comptes
famille list (« Saisir le dossier papier »)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.views.decorators.http import require_POST
from wagtail import hooks

from famille.comptes.acces import voit_sante

from ..forms import (
    AssuranceForm,
    AutorisationForm,
    ContactFormSet,
    FicheSanteForm,
    FoyerForm,
    ResponsableFormSet,
)
from ..models import Assurance, Autorisation, DossierAnnuel, Enfant, FicheSante, Foyer
from ..services import campagne as svc
from ..services import historique
from . import reglement_papier
from .revue import url_revue

Fiche = svc.Fiche
GABARITS = "dossiers/admin/saisie_papier/"
PERMISSION = "dossiers.change_foyer"
PAS_PAPIER = (
    "Ce dossier n'est pas marqué « dossier papier » : la famille remplit ses fiches en ligne. "
    "Cochez « dossier papier » sur l'écran du dossier pour le saisir à sa place."
)


def url_saisie(dossier: DossierAnnuel) -> str:
    return reverse("dossiers_papier:accueil", args=[dossier.pk])


def _exiger(request: HttpRequest, fiche: str | None = None) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    # Health data: the Éducation group only, whatever other permission the user has.
    if fiche == Fiche.SANTE and not voit_sante(request.user):
        raise PermissionDenied


def _enfant(dossier: DossierAnnuel, enfant_pk: int | None) -> Enfant | None:
    if enfant_pk is None:
        return None
    return get_object_or_404(svc.enfants_du_foyer(dossier.foyer), pk=enfant_pk)


def saisie(fiche: str | None):
    """Checks shared by the views: permission first (before anything is read), then a dossier
    marked paper, then a child of that foyer."""

    def decorateur(vue):
        @wraps(vue)
        def enveloppe(request: HttpRequest, pk: int, enfant_pk: int | None = None, **kwargs):
            _exiger(request, fiche or kwargs.get("fiche"))
            dossier = get_object_or_404(
                DossierAnnuel.objects.select_related("foyer__titulaire", "campagne"), pk=pk
            )
            if not dossier.papier:
                messages.error(request, PAS_PAPIER)
                return redirect(url_revue(dossier))
            return vue(request, dossier, _enfant(dossier, enfant_pk), **kwargs)

        return enveloppe

    return decorateur


def _rendre(request, dossier, fiche: str, enfant: Enfant | None, blocs: list[dict]):
    if request.method == "POST":
        messages.error(request, "La fiche n'est pas enregistrée : corrigez les champs signalés.")
    return TemplateResponse(
        request,
        GABARITS + "fiche.html",
        {
            "dossier": dossier,
            "foyer": dossier.foyer,
            "titre": svc.libelle_fiche(fiche, enfant),
            "blocs": blocs,
            "url_retour": url_saisie(dossier),
        },
    )


def _enregistrer(request, dossier, fiche: str, enfant: Enfant | None, sauvegarde) -> HttpResponse:
    """Save through the history (the staff member is the author); a changed fiche must be
    validated again, as when the family changes it."""
    with transaction.atomic():
        modification = historique.enregistrer(
            fiche,
            sauvegarde,
            auteur=request.user,
            foyer=dossier.foyer,
            enfant=enfant,
            campagne=dossier.campagne,
        )
        if modification is not None:
            svc.apres_modification(dossier, fiche, enfant if fiche in svc.FICHES_ENFANT else None)
    messages.success(
        request,
        f"La fiche « {svc.libelle_fiche(fiche, enfant)} » est enregistrée pour la famille. "
        "Relisez-la puis cliquez sur « Valider ».",
    )
    return redirect(url_saisie(dossier))


# --- The list of the fiches -----------------------------------------------------------------


@saisie(None)
def accueil(request: HttpRequest, dossier: DossierAnnuel, enfant=None) -> HttpResponse:
    foyer = dossier.foyer
    enfants = list(svc.enfants_du_foyer(foyer))
    sante_visible = voit_sante(request.user)
    lignes = []
    for fiche, enfant in svc.fiches_attendues(foyer):
        sante_masquee = fiche == Fiche.SANTE and not sante_visible
        if fiche == Fiche.CONTACTS:
            liens = [
                (
                    f"Contacts de {e.prenom}",
                    reverse("dossiers_papier:contacts", args=[dossier.pk, e.pk]),
                )
                for e in enfants
            ]
        elif sante_masquee:
            liens = []
        else:
            args = [dossier.pk] + ([enfant.pk] if enfant else [])
            liens = [("Saisir la fiche", reverse(f"dossiers_papier:{fiche}", args=args))]
        lignes.append(
            {
                "fiche": fiche,
                "enfant": enfant,
                "libelle": svc.libelle_fiche(fiche, enfant),
                "liens": liens,
                "sante_masquee": sante_masquee,
                "validation": svc.validation(dossier, fiche, enfant),
                # Health problems name nothing medical, but stay behind the same rule.
                "problemes": []
                if sante_masquee
                else svc.problemes_fiche(fiche, foyer, enfant, dossier.campagne),
                "url_valider": reverse(
                    "dossiers_papier:valider",
                    args=[dossier.pk, fiche] + ([enfant.pk] if enfant else []),
                ),
            }
        )
    return TemplateResponse(
        request,
        GABARITS + "accueil.html",
        {
            "dossier": dossier,
            "foyer": foyer,
            "lignes": lignes,
            "reglements": [
                {
                    "ligne": ligne,
                    "url": reverse("dossiers_papier:reglement", args=[dossier.pk, *ligne.args]),
                }
                for ligne in svc.lignes_reglement(dossier)
            ],
            "en_campagne": svc.en_campagne(dossier.campagne),
            "url_revue": url_revue(dossier),
        },
    )


def foyer(request: HttpRequest, pk: int) -> HttpResponse:
    """From the Comptes famille list: the dossier of the current campaign. A foyer marked
    « dossier papier » has its dossier of the year treated on paper too."""
    _exiger(request)
    if not request.user.has_perm("dossiers.change_dossierannuel"):
        raise PermissionDenied
    compte_famille = get_object_or_404(Foyer, pk=pk)
    campagne = svc.campagne_courante()
    if campagne is None:
        messages.error(request, "Aucune campagne de renouvellement n'est programmée.")
        return redirect(reverse("wagtailsnippets_dossiers_foyer:list"))
    dossier = svc.dossier_de(compte_famille, campagne)
    if compte_famille.dossier_papier and not dossier.papier:
        DossierAnnuel.objects.filter(pk=dossier.pk).update(papier=True)
        dossier.papier = True
    if not dossier.papier:
        messages.error(request, PAS_PAPIER)
        return redirect(url_revue(dossier))
    return redirect(url_saisie(dossier))


# --- The fiches, with the parent's forms ----------------------------------------------------


@saisie(Fiche.FAMILLE)
def famille(request: HttpRequest, dossier: DossierAnnuel, enfant=None) -> HttpResponse:
    compte_famille = dossier.foyer
    donnees = request.POST if request.method == "POST" else None
    form = FoyerForm(donnees, instance=compte_famille, prefix="foyer")
    responsables = ResponsableFormSet(
        donnees,
        instance=compte_famille,
        prefix="responsables",
        form_kwargs={"foyer": compte_famille},
    )
    if donnees is not None and all([form.is_valid(), responsables.is_valid()]):

        def sauvegarde():
            form.save()
            responsables.save()

        return _enregistrer(request, dossier, Fiche.FAMILLE, None, sauvegarde)
    blocs = [
        {"titre": "Le foyer", "form": form},
        {
            "titre": "Responsables légaux",
            "formset": responsables,
            "nouveau": "Ajouter un responsable légal (facultatif si déjà indiqué)",
        },
    ]
    return _rendre(request, dossier, Fiche.FAMILLE, None, blocs)


@saisie(Fiche.CONTACTS)
def contacts(request: HttpRequest, dossier: DossierAnnuel, enfant: Enfant) -> HttpResponse:
    donnees = request.POST if request.method == "POST" else None
    formset = ContactFormSet(donnees, instance=enfant, prefix="contacts")
    if donnees is not None and formset.is_valid():
        return _enregistrer(request, dossier, Fiche.CONTACTS, enfant, formset.save)
    blocs = [
        {
            "titre": f"Personnes à contacter pour {enfant.prenom}",
            "formset": formset,
            "nouveau": "Ajouter un contact",
        }
    ]
    return _rendre(request, dossier, Fiche.CONTACTS, enfant, blocs)


@saisie(Fiche.ASSURANCE)
def assurance(request: HttpRequest, dossier: DossierAnnuel, enfant=None) -> HttpResponse:
    donnees = request.POST if request.method == "POST" else None
    instance = Assurance.objects.filter(foyer=dossier.foyer, campagne=dossier.campagne).first()
    form = AssuranceForm(donnees, instance=instance, foyer=dossier.foyer, campagne=dossier.campagne)
    if donnees is not None and form.is_valid():
        return _enregistrer(request, dossier, Fiche.ASSURANCE, None, form.save)
    return _rendre(request, dossier, Fiche.ASSURANCE, None, [{"titre": "", "form": form}])


def _fiche_enfant(request, dossier, enfant, fiche: str, modele, form_class) -> HttpResponse:
    donnees = request.POST if request.method == "POST" else None
    form = form_class(donnees, instance=modele.objects.filter(enfant=enfant).first(), enfant=enfant)
    if donnees is not None and form.is_valid():
        return _enregistrer(request, dossier, fiche, enfant, form.save)
    return _rendre(request, dossier, fiche, enfant, [{"titre": "", "form": form}])


@saisie(Fiche.AUTORISATIONS)
def autorisations(request: HttpRequest, dossier: DossierAnnuel, enfant: Enfant) -> HttpResponse:
    return _fiche_enfant(
        request, dossier, enfant, Fiche.AUTORISATIONS, Autorisation, AutorisationForm
    )


@saisie(Fiche.SANTE)
def sante(request: HttpRequest, dossier: DossierAnnuel, enfant: Enfant) -> HttpResponse:
    return _fiche_enfant(request, dossier, enfant, Fiche.SANTE, FicheSante, FicheSanteForm)


@require_POST
@saisie(None)
def valider(request: HttpRequest, dossier: DossierAnnuel, enfant, fiche: str) -> HttpResponse:
    """« Valider » on behalf of the family, after staff read the fiche back: recorded with the
    staff member as the one who validated."""
    if fiche not in Fiche.values or ((fiche in svc.FICHES_ENFANT) != (enfant is not None)):
        raise Http404("Fiche inconnue.")
    try:
        svc.valider_fiche(dossier, fiche, enfant, request.user)
    except ValidationError as erreur:
        for message in erreur.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"La fiche « {svc.libelle_fiche(fiche, enfant)} » est validée.")
    return redirect(url_saisie(dossier))


urlpatterns = [
    path("<int:pk>/", accueil, name="accueil"),
    path("foyer/<int:pk>/", foyer, name="foyer"),
    path("<int:pk>/famille/", famille, name=Fiche.FAMILLE),
    path("<int:pk>/contacts/<int:enfant_pk>/", contacts, name=Fiche.CONTACTS),
    path("<int:pk>/assurance/", assurance, name=Fiche.ASSURANCE),
    path("<int:pk>/autorisations/<int:enfant_pk>/", autorisations, name=Fiche.AUTORISATIONS),
    path("<int:pk>/sante/<int:enfant_pk>/", sante, name=Fiche.SANTE),
    path("<int:pk>/valider/<str:fiche>/", valider, name="valider"),
    path("<int:pk>/valider/<str:fiche>/<int:enfant_pk>/", valider, name="valider"),
    path(
        "<int:pk>/reglement/<int:enfant_pk>/<int:structure_pk>/",
        reglement_papier.signature_papier,
        name="reglement",
    ),
]


@hooks.register("register_admin_urls")
def urls_saisie_papier():
    return [path("dossiers-papier/", include((urlpatterns, "dossiers_papier")))]
