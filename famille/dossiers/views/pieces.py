"""Pièces justificatives of the parent's dossier: the memo's list with each piece's status, the
upload form of each piece, and the download of the foyer's own files."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from ..models import Fichier
from ..services import pieces as service
from .base import foyer_du_parent

FORMATS_ACCEPTES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class FichiersMultiples(forms.ClearableFileInput):
    allow_multiple_selected = True


class ChampFichiers(forms.FileField):
    """Several files for one piece (recto and verso, several pages)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FichiersMultiples(attrs={"accept": FORMATS_ACCEPTES}))
        # Empty files get the service's message, which names the file.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        un = super().clean
        if isinstance(data, list | tuple):
            if not data:
                return un(None, initial)
            return [un(d, initial) for d in data]
        return [un(data, initial)]


class DepotForm(forms.Form):
    piece = forms.CharField(widget=forms.HiddenInput)
    # Shown only when the piece holds files the parent may still replace (issue 10.5).
    mode = forms.ChoiceField(
        choices=[("ajouter", "ajouter"), ("remplacer", "remplacer")],
        required=False,
        widget=forms.RadioSelect,
    )
    fichiers = ChampFichiers(
        label="Fichiers",
        help_text="PDF, JPEG ou PNG, 2 Mo maximum par fichier. Plusieurs fichiers possibles.",
        error_messages={"required": "Choisissez au moins un fichier à déposer."},
    )

    def clean_fichiers(self) -> list[service.FichierVerifie]:
        verifies, erreurs = [], []
        for fichier in self.cleaned_data["fichiers"]:
            try:
                verifies.append(service.verifier_fichier(fichier))
            except ValidationError as erreur:
                erreurs.extend(erreur.messages)
        if erreurs:
            raise ValidationError(erreurs + ["Aucun fichier n'a été enregistré."])
        return verifies


def _sections(requises: list[service.PieceRequise]) -> list[dict]:
    """Yearly pieces then pieces for a change of situation, each grouped per child."""
    sections = []
    for titre, annuelle in (
        ("Documents à renouveler chaque année", True),
        ("Documents à transmettre uniquement en cas de changement de situation", False),
    ):
        groupes: dict = {}
        for requise in requises:
            if requise.annuelle == annuelle:
                groupes.setdefault(requise.enfant, []).append(requise)
        sections.append(
            {
                "titre": titre,
                "groupes": [
                    {"enfant": enfant, "pieces": liste}
                    for enfant, liste in sorted(
                        groupes.items(), key=lambda g: (g[0] is not None, str(g[0] or ""))
                    )
                ],
            }
        )
    return sections


def liste(request: HttpRequest, page) -> HttpResponse:
    foyer = foyer_du_parent(request)
    dossier = service.dossier_courant(foyer)
    formulaire = None
    if request.method == "POST" and dossier is not None:
        cle = request.POST.get("piece", "")
        # The ids of the page's file inputs, so the error summary links to the right one.
        formulaire = DepotForm(request.POST, request.FILES, auto_id=f"%s-{cle}")
        requise = service.requise_par_cle(dossier, cle)
        if requise is None:
            # Another family's child, or a piece this dossier does not ask for.
            raise Http404("Pièce inconnue.")
        if formulaire.is_valid():
            try:
                service.deposer(
                    dossier,
                    requise.type,
                    requise.enfant,
                    formulaire.cleaned_data["fichiers"],
                    request.user,
                    remplacer=formulaire.cleaned_data.get("mode") == "remplacer",
                )
            except ValidationError as erreur:  # the foyer's quota
                formulaire.add_error("fichiers", erreur)
        if formulaire.is_valid():
            nombre = len(formulaire.cleaned_data["fichiers"])
            remplace = formulaire.cleaned_data.get("mode") == "remplacer"
            if nombre == 1:
                debut = "Le document a bien été déposé" + (
                    " à la place des précédents" if remplace else ""
                )
            else:
                debut = f"Les {nombre} documents ont bien été déposés" + (
                    " à la place des précédents" if remplace else ""
                )
            messages.success(
                request,
                f"{debut} ({requise.libelle}) : le service Éducation va le vérifier.",
            )
            return redirect(page.url + page.reverse_subpage("pieces"))
    requises = service.pieces_requises(dossier) if dossier else []
    # The files this parent may still remove or replace: its own, of pieces not reviewed yet.
    retirables = {
        fichier.pk
        for requise in requises
        if requise.piece is not None
        for fichier in requise.piece.fichiers.all()
        if service.peut_retirer(requise.piece, fichier, request.user)
    }
    return TemplateResponse(
        request,
        "dossiers/pieces.html",
        page.get_context(request)
        | {
            "sous_titre": "Pièces justificatives",
            "dossier": dossier,
            "sections": _sections(requises),
            "formulaire_en_erreur": formulaire,
            "cle_en_erreur": request.POST.get("piece") if formulaire is not None else None,
            "formats_acceptes": FORMATS_ACCEPTES,
            "retirables": retirables,
            "remplacables": {
                r.cle
                for r in requises
                if r.piece and any(f.pk in retirables for f in r.piece.fichiers.all())
            },
            "mode_en_erreur": request.POST.get("mode") if formulaire is not None else None,
            "taille_max": service.taille_lisible(service.TAILLE_MAX),
        },
    )


def supprimer(request: HttpRequest, page, fichier_id: int) -> HttpResponse:
    """POST only: remove one file the parent deposited while its piece is not reviewed. A file
    of another family (or of the other parent's foyer) is a 404, like its download."""
    foyer = foyer_du_parent(request)
    dossier = service.dossier_courant(foyer)
    if request.method != "POST" or dossier is None:
        raise Http404("Page introuvable.")
    try:
        fichier = service.retirer_fichier(dossier, fichier_id, request.user)
    except Fichier.DoesNotExist as erreur:
        raise Http404("Fichier introuvable.") from erreur
    except service.RetraitImpossible as erreur:
        messages.error(request, str(erreur))
    else:
        messages.success(
            request,
            f"Le fichier « {fichier.nom_original} » a bien été supprimé"
            f" ({fichier.piece.get_type_display()}).",
        )
    return redirect(page.url + page.reverse_subpage("pieces"))


def reponse_fichier(fichier) -> FileResponse:
    """The file as an attachment with the type detected at upload: never shown inline, never
    sniffed by the browser, never cached by a shared cache."""
    try:
        contenu = fichier.fichier.open("rb")
    except FileNotFoundError as erreur:
        raise Http404("Fichier introuvable.") from erreur
    reponse = FileResponse(
        contenu,
        as_attachment=True,
        filename=fichier.nom_original,
        content_type=fichier.type_mime,
    )
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, no-store"
    reponse["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return reponse


def telecharger(request: HttpRequest, page, fichier_id: int) -> HttpResponse:
    """Only the foyer whose dossier holds the piece: the other parent's foyer, like any other
    family, gets a 404 (a piece belongs to one foyer's dossier)."""
    foyer = foyer_du_parent(request)
    fichier = get_object_or_404(service.fichiers_visibles(foyer), pk=fichier_id)
    return reponse_fichier(fichier)
