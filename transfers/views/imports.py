"""Admin views of an import, as Wagtail's redirects import does it: upload → header mapping →
preview row by row → confirm. The work itself runs in transfers.services.pilotage."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..forms import (
    ConfirmationForm,
    CorrespondanceForm,
    EcolesInconnuesForm,
    TeleversementForm,
)
from ..lecture import FichierRefuse
from ..models import ImportFichier
from ..services import ecoles as ecoles_service
from ..services import identifiants as identifiants_service
from ..services import pilotage
from ..services.apercu import LIBELLES_ACTIONS
from ..services.exports import reponse_fichier
from ..services.registre import definition, definitions, permis
from .base import import_permis, type_permis


def accueil(request):
    imports = [d for d in definitions() if permis(request.user, d.type)]
    if not imports:
        raise PermissionDenied  # as its menu item, hidden from who may import nothing
    return TemplateResponse(request, "transfers/accueil.html", {"imports": imports})


def televerser(request, type_):
    type_permis(request, type_)
    definition_ = definition(type_)
    form = TeleversementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            import_fichier = pilotage.televerser(type_, form.cleaned_data["fichier"], request.user)
        except FichierRefuse as exc:
            form.add_error("fichier", str(exc))
        else:
            return redirect("transfers:correspondance", import_fichier.pk)
    return TemplateResponse(
        request, "transfers/televerser.html", {"form": form, "definition": definition_}
    )


def modele(request, type_, format):
    """The template file: the expected columns and an example row."""
    type_permis(request, type_)
    champs = definition(type_).champs
    return reponse_fichier(
        [c.libelle for c in champs], [[c.exemple for c in champs]], format, f"modele-{type_}"
    )


def correspondance(request, pk):
    import_fichier = import_permis(request, pk)
    if import_fichier.statut not in (ImportFichier.Statut.RECU, ImportFichier.Statut.APERCU):
        return redirect("transfers:apercu", pk)
    definition_ = definition(import_fichier.type)
    tableau = pilotage.tableau(import_fichier)
    form = CorrespondanceForm(
        request.POST or None,
        champs=definition_.champs,
        entetes=tableau.entetes,
        initial_map=pilotage.proposition(import_fichier, tableau.entetes),
    )
    if request.method == "POST" and form.is_valid():
        try:
            pilotage.lancer_analyse(import_fichier, form.correspondance(), request.user)
        except FichierRefuse as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("transfers:apercu", pk)
    exemples = tableau.lignes[:3]
    return TemplateResponse(
        request,
        "transfers/correspondance.html",
        {
            "import": import_fichier,
            "definition": definition_,
            "form": form,
            "entetes": tableau.entetes,
            "exemples": exemples,
        },
    )


def apercu(request, pk, form_ecoles=None):
    import_fichier = import_permis(request, pk)
    seulement_erreurs = request.GET.get("erreurs") == "1"
    lignes = import_fichier.apercu
    if seulement_erreurs:
        lignes = [ligne for ligne in lignes if ligne["e"]]
    page = Paginator(lignes, 100).get_page(request.GET.get("p"))
    for ligne in page.object_list:
        ligne["libelle"] = LIBELLES_ACTIONS[ligne["a"]]
    return TemplateResponse(
        request,
        "transfers/apercu.html",
        {
            "import": import_fichier,
            "definition": definition(import_fichier.type),
            "page": page,
            "seulement_erreurs": seulement_erreurs,
            "form": ConfirmationForm(),
            "comptes_sans_mot_de_passe": identifiants_service.en_attente(import_fichier).count()
            if import_fichier.statut == ImportFichier.Statut.TERMINE
            else 0,
            "limite_identifiants": identifiants_service.LIMITE,
            "url_courriers": _url_courriers(import_fichier),
            "form_ecoles": form_ecoles or _form_ecoles(import_fichier),
        },
        status=400 if form_ecoles else 200,
    )


PERMISSIONS_ECOLES = ("dossiers.add_ecole", "dossiers.add_classe")


def _form_ecoles(import_fichier: ImportFichier) -> EcolesInconnuesForm | None:
    inconnus = import_fichier.inconnus or {}
    if import_fichier.statut != ImportFichier.Statut.APERCU or not (
        inconnus.get("ecoles") or inconnus.get("classes")
    ):
        return None
    return EcolesInconnuesForm(inconnus=inconnus)


@require_POST
def ecoles_inconnues(request, pk):
    """Create or map the file's unknown schools and classes, then analyse the file again."""
    import_fichier = import_permis(request, pk)
    if not request.user.has_perms(PERMISSIONS_ECOLES):
        raise PermissionDenied
    if import_fichier.statut != ImportFichier.Statut.APERCU:
        return redirect("transfers:apercu", pk)
    form = EcolesInconnuesForm(request.POST, inconnus=import_fichier.inconnus or {})
    if not form.is_valid():
        return apercu(request, pk, form_ecoles=form)
    bilan = ecoles_service.associer(*form.choix())
    pilotage.lancer_analyse(import_fichier, import_fichier.correspondance, request.user)
    messages.success(request, bilan.message())
    return redirect("transfers:apercu", pk)


def _url_courriers(import_fichier: ImportFichier) -> str | None:
    """The accounts issue's letters (PDF or e-mail) for the next batch of new families."""
    if import_fichier.statut != ImportFichier.Statut.TERMINE:
        return None
    from famille.dossiers.admin.comptes_famille_vues import url_courriers

    ids = list(
        identifiants_service.en_attente(import_fichier).values_list("foyer__pk", flat=True)[
            : identifiants_service.LIMITE
        ]
    )
    return url_courriers(ids) if ids else None


@require_POST
def confirmer(request, pk):
    import_fichier = import_permis(request, pk)
    form = ConfirmationForm(request.POST)
    form.is_valid()
    try:
        pilotage.confirmer(import_fichier, form.cleaned_data.get("seulement_valides", False))
    except FichierRefuse as exc:
        messages.error(request, str(exc))
    return redirect("transfers:apercu", pk)


def lignes_refusees(request, pk) -> HttpResponse:
    """The rows in error as a CSV for French Excel, to fix and import again."""
    import_fichier = import_permis(request, pk)
    entetes, lignes = pilotage.lignes_refusees(import_fichier)
    return reponse_fichier(entetes, lignes, "csv", f"lignes-refusees-import-{pk}")


@require_POST
def annuler(request, pk):
    import_fichier = import_permis(request, pk)
    if pilotage.annuler(import_fichier):
        messages.success(request, "Import annulé : rien n'a été enregistré.")
    return redirect("transfers:historique")


@require_POST
def identifiants(request, pk) -> HttpResponse:
    """The next batch of new accounts gets its initial password, in a file for the letters."""
    import_fichier = import_permis(request, pk)
    if not request.user.has_perm("dossiers.change_foyer"):
        return redirect(reverse("transfers:apercu", args=[pk]))
    if (
        identifiants_service.en_attente(import_fichier).count()
        > identifiants_service.SEUIL_IMMEDIAT
    ):
        lot = identifiants_service.programmer(import_fichier, request.user)
        return redirect("dossiers_lot_courriers", lot.pk)
    entetes, lignes = identifiants_service.produire(import_fichier, request.user, request)
    if not lignes:
        messages.info(request, "Tous les comptes de cet import ont déjà reçu leurs identifiants.")
        return redirect("transfers:apercu", pk)
    return reponse_fichier(entetes, lignes, "csv", f"identifiants-import-{pk}")
