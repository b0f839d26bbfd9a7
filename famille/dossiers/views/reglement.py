"""Règlement intérieur: the children's names at the top, « Accéder à la fiche » for each, the
fiche with its tick box and signature, and the signed fiche as a PDF."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from famille.comptes.francais import de
from famille.comptes.services import SESSION_SUITE_PREMIERE_CONNEXION, adresse_ip

from ..models import SignatureReglement
from ..services import reglement as services
from .base import enfant_du_parent, foyer_du_parent

SOUS_TITRE = "Règlement intérieur"


class SignatureForm(forms.Form):
    lu = forms.BooleanField(
        label="J'ai pris connaissance du règlement intérieur",
        error_messages={
            "required": "Cochez la case indiquant que vous avez pris connaissance du "
            "règlement intérieur."
        },
    )
    nom = forms.CharField(
        label="Votre nom",
        max_length=150,
        help_text="Prénom et nom d'un responsable légal de l'enfant.",
        error_messages={"required": "Indiquez votre nom."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    lieu = forms.CharField(
        label="Fait à",
        max_length=100,
        help_text="La commune où vous signez.",
        error_messages={"required": "Indiquez le lieu de la signature."},
    )
    date = forms.DateField(
        label="Le (date)",
        error_messages={
            "required": "Indiquez la date de la signature.",
            "invalid": "Indiquez une date valide, par exemple 23/08/2027.",
        },
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    heure = forms.TimeField(
        label="À (heure)",
        error_messages={
            "required": "Indiquez l'heure de la signature.",
            "invalid": "Indiquez une heure valide, par exemple 14:30.",
        },
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    # The hash of the text the parent read: if a new version is published meanwhile, they
    # must read it before signing.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, foyer, **kwargs) -> None:
        self.foyer = foyer
        super().__init__(*args, **kwargs)

    def clean_nom(self) -> str:
        nom = self.cleaned_data["nom"]
        erreur = services.erreur_de_signataire(self.foyer, nom)
        if erreur:
            raise forms.ValidationError(erreur)
        return nom

    def clean(self) -> dict:
        cleaned = super().clean()
        date, heure = cleaned.get("date"), cleaned.get("heure")
        if date and heure:
            moment = timezone.make_aware(datetime.datetime.combine(date, heure))
            erreur = services.erreur_de_moment(moment)
            if erreur:
                self.add_error("heure", erreur)
            cleaned["signe_le"] = moment
        return cleaned


def _initial(request: HttpRequest, reglement: services.Reglement) -> dict:
    maintenant = timezone.localtime()
    foyer = foyer_du_parent(request)
    return {
        "nom": request.user.get_full_name(),
        "lieu": foyer.ville,
        "date": maintenant.date(),
        "heure": maintenant.time().replace(second=0, microsecond=0),
        "version": reglement.empreinte,
    }


def liste(request: HttpRequest, page) -> HttpResponse:
    foyer = foyer_du_parent(request)
    # The one rule of the règlements to sign, whatever structure the header shows: this list,
    # the Dossier Famille overview and the dossier's status agree.
    etats = services.etat_des_signatures(foyer, request.user)
    return TemplateResponse(
        request,
        "dossiers/reglement.html",
        page.get_context(request)
        | {
            "sous_titre": SOUS_TITRE,
            "etats": etats,
            "plusieurs_structures": len({e.reglement.structure.pk for e in etats if e.reglement})
            > 1,
            "reste_a_signer": sum(1 for e in etats if e.reglement and not e.signe),
            "premiere_connexion": bool(request.session.get(SESSION_SUITE_PREMIERE_CONNEXION)),
        },
    )


def _apres_signature(request: HttpRequest, page) -> str:
    """Back to the list of children; during the first login, once the last fiche is signed,
    on to the Accueil and its « Ce qu'il vous reste à faire »."""
    if request.session.get(SESSION_SUITE_PREMIERE_CONNEXION) and not (
        services.enfants_sans_signature(foyer_du_parent(request), request.user)
    ):
        request.session.pop(SESSION_SUITE_PREMIERE_CONNEXION, None)
        return "/"
    return page.url + page.reverse_subpage("reglement")


def fiche(
    request: HttpRequest, page, enfant_id: int, structure_id: int | None = None
) -> HttpResponse:
    enfant = enfant_du_parent(request, enfant_id)
    if structure_id is None and request.structure is not None:
        structure_id = request.structure.pk
    etat = services.etat_pour(foyer_du_parent(request), request.user, enfant, structure_id)
    reglement = etat.reglement if etat else None
    signature = etat.signature if etat else None
    form = None
    if reglement is not None and signature is None:
        if request.method == "POST":
            form = SignatureForm(
                request.POST, initial=_initial(request, reglement), foyer=foyer_du_parent(request)
            )
            if form.is_valid():
                if form.cleaned_data["version"] != reglement.empreinte:
                    messages.warning(
                        request,
                        "Le règlement intérieur vient d'être mis à jour : relisez-le avant de "
                        "signer.",
                    )
                    return redirect(request.path)
                services.signer(
                    enfant=enfant,
                    compte=request.user,
                    reglement=reglement,
                    nom=form.cleaned_data["nom"],
                    lieu=form.cleaned_data["lieu"],
                    signe_le=form.cleaned_data["signe_le"],
                    adresse_ip=adresse_ip(request),
                )
                messages.success(
                    request, f"La fiche {de(enfant.prenom)} est validée et signée. Merci."
                )
                return redirect(_apres_signature(request, page))
        else:
            form = SignatureForm(
                initial=_initial(request, reglement), foyer=foyer_du_parent(request)
            )
    return TemplateResponse(
        request,
        "dossiers/reglement_fiche.html",
        page.get_context(request)
        | {
            "sous_titre": f"{SOUS_TITRE} — {enfant.prenom} {enfant.nom}",
            "enfant": enfant,
            "reglement": reglement,
            "signature": signature,
            "form": form,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


def reponse_pdf(signature: SignatureReglement) -> HttpResponse:
    reponse = HttpResponse(services.pdf_de_signature(signature), content_type="application/pdf")
    reponse["Content-Disposition"] = (
        f'attachment; filename="reglement-interieur-signe-{signature.pk}.pdf"'
    )
    reponse["Cache-Control"] = "private, no-store"
    return reponse


def pdf(request: HttpRequest, page, signature_id: int) -> HttpResponse:
    foyer = foyer_du_parent(request)
    # Only the parent's own signatures, for a child still linked to their foyer.
    signature = get_object_or_404(
        SignatureReglement.objects.select_related("enfant", "revision", "page"),
        pk=signature_id,
        compte=request.user,
        enfant__gardes__foyer=foyer,
    )
    return reponse_pdf(signature)
