"""« Signaler une absence » on the Réservations tab: the foyer's reported absences with their
state and the refusal reason, the report form, the medical certificate's upload and download.

Every view calls an access helper first (`foyer_du_parent`, `absence_du_parent`): another
family's absence or certificate is a 404. The file checks are the dossier's pièces'
(`verifier_fichier`), the rules are services/absences.py's."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from famille.dossiers.services.pieces_verification import (
    TAILLE_MAX,
    taille_lisible,
    verifier_fichier,
)
from famille.dossiers.views.pieces import FORMATS_ACCEPTES, reponse_fichier

from ..models import Absence
from ..services import absences as service
from ..services.erreurs import ReservationError
from .acces import enfants_du_parent, foyer_du_parent

AIDE_FICHIER = (
    f"PDF, JPEG ou PNG, {taille_lisible(TAILLE_MAX)} maximum. Vous pouvez aussi le déposer plus "
    "tard, dans le délai indiqué."
)


class ChampCertificat(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": FORMATS_ACCEPTES}))
        kwargs.setdefault("allow_empty_file", True)  # the pièces' check names the empty file
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        fichier = super().clean(data, initial)
        if not fichier:
            return None
        try:
            return verifier_fichier(fichier)
        except ValidationError as erreur:
            raise ValidationError(erreur.messages) from None


class SignalementForm(forms.Form):
    enfant = forms.TypedChoiceField(label="Enfant", coerce=int)
    jour = forms.DateField(
        label="Jour d'absence",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Aujourd'hui ou un jour à venir, réservé pour cet enfant.",
    )
    motif = forms.ChoiceField(
        label="Motif", choices=Absence.Motif.choices, widget=forms.RadioSelect
    )
    precision = forms.CharField(
        label="Précision",
        max_length=255,
        required=False,
        help_text="Obligatoire pour « Autre raison ».",
    )
    certificat = ChampCertificat(
        label="Certificat médical (pour une maladie)", required=False, help_text=AIDE_FICHIER
    )

    def __init__(self, *args, enfants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enfant"].choices = [(e.pk, e.prenom) for e in enfants]
        for nom, classe in (("enfant", "form-select"), ("jour", "form-control")):
            self.fields[nom].widget.attrs["class"] = classe
        self.fields["precision"].widget.attrs["class"] = "form-control"
        if len(enfants) == 1:
            self.fields["enfant"].initial = enfants[0].pk


class CertificatForm(forms.Form):
    certificat = ChampCertificat(
        label="Certificat médical",
        help_text=f"PDF, JPEG ou PNG, {taille_lisible(TAILLE_MAX)} maximum.",
        error_messages={"required": "Choisissez le fichier du certificat médical."},
    )


def absence_du_parent(request: HttpRequest, absence_id: int) -> Absence:
    """An absence of the parent's own foyer; any other is a 404."""
    return get_object_or_404(Absence, pk=absence_id, foyer=foyer_du_parent(request))


def _page(request, page, form=None, certificat_form=None, absence_en_erreur=None, status=200):
    foyer = foyer_du_parent(request)
    enfants = enfants_du_parent(foyer)
    form = form or SignalementForm(enfants=enfants, initial={"jour": timezone.localdate()})
    lignes = [
        {
            "absence": a,
            "peut_deposer": service.peut_deposer(a),
            "form": certificat_form
            if absence_en_erreur == a.pk
            else CertificatForm(auto_id=f"id_%s_{a.pk}"),
        }
        for a in service.absences_du_foyer(foyer)
    ]
    contexte = page.get_context(request) | {
        "sous_titre": "Signaler une absence",
        "form": form,
        "lignes": lignes,
        "resume_erreurs_local": False,  # the frame's summary lists this page's form errors
    }
    return TemplateResponse(request, "reservations/absences.html", contexte, status=status)


def absences(request: HttpRequest, page) -> HttpResponse:
    foyer = foyer_du_parent(request)
    if request.method != "POST":
        return _page(request, page)
    enfants = enfants_du_parent(foyer)
    form = SignalementForm(request.POST, request.FILES, enfants=enfants)
    if form.is_bound and request.POST.get("enfant", "").isdigit():
        if int(request.POST["enfant"]) not in {e.pk for e in enfants}:
            raise Http404("Cet enfant ne fait pas partie de votre famille.")
    if form.is_valid():
        donnees = form.cleaned_data
        enfant = next(e for e in enfants if e.pk == donnees["enfant"])
        try:
            absence = service.signaler_absence(
                request.user,
                foyer,
                enfant,
                donnees["jour"],
                donnees["motif"],
                donnees["precision"],
                donnees["certificat"],
            )
        except ReservationError as erreur:
            form.add_error(None, erreur.message)
        else:
            suite = ""
            if absence.statut == Absence.Statut.CERTIFICAT_ATTENDU:
                suite = (
                    " Déposez le certificat médical avant le "
                    f"{absence.certificat_avant:%d/%m/%Y} pour que l'absence soit justifiée."
                )
            messages.success(
                request,
                f"L'absence de {enfant.prenom} le {absence.jour:%d/%m/%Y} est signalée." + suite,
            )
            return redirect(page.url + page.reverse_subpage("absences"))
    return _page(request, page, form=form, status=400)


def certificat(request: HttpRequest, page, absence_id: int) -> HttpResponse:
    absence = absence_du_parent(request, absence_id)
    if request.method != "POST":
        return redirect(page.url + page.reverse_subpage("absences"))
    form = CertificatForm(request.POST, request.FILES, auto_id=f"id_%s_{absence.pk}")
    if form.is_valid():
        try:
            service.deposer_certificat(request.user, absence, form.cleaned_data["certificat"])
        except ReservationError as erreur:
            form.add_error("certificat", erreur.message)
        else:
            messages.success(
                request, "Le certificat médical est déposé : le service Éducation va le vérifier."
            )
            return redirect(page.url + page.reverse_subpage("absences"))
    return _page(request, page, certificat_form=form, absence_en_erreur=absence.pk, status=400)


def telecharger_certificat(request: HttpRequest, page, absence_id: int) -> HttpResponse:
    absence = absence_du_parent(request, absence_id)
    if not absence.certificat:
        raise Http404("Aucun certificat déposé.")
    return reponse_fichier(FichierCertificat(absence))


class FichierCertificat:
    """The certificate seen as a pièce's file by the pièces' download response."""

    def __init__(self, absence: Absence):
        self.fichier = absence.certificat
        self.nom_original = absence.certificat_nom or "certificat"
        self.type_mime = absence.certificat_type or "application/octet-stream"
