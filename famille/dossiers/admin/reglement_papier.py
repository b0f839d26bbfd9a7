"""Paper dossiers: staff record the règlement intérieur signed on paper for each child (who
signed, place, date, the scan of the signed fiche). Recorded for the titulaire's account by
services/reglement.signer_sur_papier, it counts in the dossier and the campaign exactly like
an online signature; the agent is kept beside it. Reached from « Saisir le dossier papier »."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from ..models import DossierAnnuel
from ..services import campagne as svc
from ..services import reglement
from ..services.pieces import verifier_fichier

PERMISSION = "dossiers.change_foyer"


class SignaturePapierForm(forms.Form):
    nom = forms.CharField(
        label="Signé par (nom et prénom)",
        max_length=150,
        error_messages={"required": "Indiquez le nom de la personne qui a signé."},
    )
    lieu = forms.CharField(
        label="Fait à",
        max_length=100,
        error_messages={"required": "Indiquez le lieu de la signature."},
    )
    date = forms.DateField(
        label="Le (date de la signature)",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={
            "required": "Indiquez la date de la signature.",
            "invalid": "Indiquez une date valide, par exemple 23/08/2027.",
        },
    )
    scan = forms.FileField(
        label="Fiche signée numérisée (PDF, JPEG ou PNG)",
        error_messages={"required": "Joignez la fiche signée numérisée."},
    )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError("La date de la signature ne peut pas être dans le futur.")
        return date

    def clean_scan(self):
        # The same checks as the pièces: type from the content, size.
        try:
            return verifier_fichier(self.cleaned_data["scan"])
        except ValidationError as erreur:
            raise ValidationError(erreur.messages) from erreur


def signature_papier(request: HttpRequest, pk: int, enfant_pk: int, structure_pk: int):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    dossier = get_object_or_404(DossierAnnuel.objects.select_related("foyer__titulaire"), pk=pk)
    if not dossier.papier:
        # Not a permission matter: there is no paper signature to record for this dossier.
        raise Http404("Ce dossier n'est pas un dossier papier.")
    enfant = get_object_or_404(svc.enfants_du_foyer(dossier.foyer), pk=enfant_pk)
    etat = reglement.etat_pour(dossier.foyer, dossier.foyer.titulaire, enfant, structure_pk)
    if etat is None or etat.reglement is None or etat.reglement.structure.pk != structure_pk:
        raise Http404("Aucun règlement intérieur publié pour cette structure.")
    retour = reverse("dossiers_papier:accueil", args=[dossier.pk])
    if etat.signe:
        messages.info(request, f"Le règlement intérieur de {enfant.prenom} est déjà signé.")
        return redirect(retour)
    form = SignaturePapierForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        reglement.signer_sur_papier(
            enfant=enfant,
            foyer=dossier.foyer,
            reglement=etat.reglement,
            nom=donnees["nom"],
            lieu=donnees["lieu"],
            # Noon: a paper signature has a date, not a time.
            signe_le=timezone.make_aware(
                datetime.datetime.combine(donnees["date"], datetime.time(12))
            ),
            scan=donnees["scan"].contenu,
            agent=request.user,
        )
        messages.success(
            request, f"Signature papier du règlement intérieur de {enfant.prenom} enregistrée."
        )
        return redirect(retour)
    if request.method == "POST":
        messages.error(
            request, "La signature n'est pas enregistrée : corrigez les champs signalés."
        )
    return TemplateResponse(
        request,
        "dossiers/admin/saisie_papier/reglement.html",
        {
            "dossier": dossier,
            "foyer": dossier.foyer,
            "enfant": enfant,
            "reglement": etat.reglement,
            "form": form,
            "url_retour": retour,
        },
        status=400 if form.is_bound else 200,
    )
