"""Admin actions on classes that are not plain model editing: several classes of a school
created at once, and the roll-over to the next school year (one button, idempotent). The
rules are in services.classes; these views check the model permissions themselves."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views import snippets as snippet_views

from ..models import Ecole, PassageAnnee
from ..services.classes import ErreurClasses, annee_suivante, creer_classes, passer_annee_superieure

GABARITS = "dossiers/admin/classes/"
PERMISSION_CREATION = "dossiers.add_classe"
PERMISSIONS_PASSAGE = ("dossiers.change_enfant", "dossiers.add_classe")


class CreationClassesForm(forms.Form):
    ecole = forms.ModelChoiceField(label="École", queryset=Ecole.objects.all())
    noms = forms.CharField(
        label="Classes à créer",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Une par ligne ou séparées par des virgules : CP, CE1, CE2, CM1, CM2. Les "
        "classes que l'école a déjà sont ignorées.",
    )

    def clean_noms(self) -> list[str]:
        noms = [n.strip() for n in re.split(r"[,;\n]+", self.cleaned_data["noms"]) if n.strip()]
        if not noms:
            raise forms.ValidationError("Indiquez au moins une classe.")
        return noms


class PassageForm(forms.Form):
    annee_scolaire = forms.CharField(
        label="Nouvelle année scolaire",
        max_length=9,
        help_text="Par exemple 2027-2028. Le passage ne se fait qu'une fois par année scolaire.",
    )


def creer(request):
    if not request.user.has_perm(PERMISSION_CREATION):
        raise PermissionDenied
    form = CreationClassesForm(request.POST or None, initial={"ecole": request.GET.get("ecole")})
    if request.method == "POST" and form.is_valid():
        try:
            creees = creer_classes(form.cleaned_data["ecole"], form.cleaned_data["noms"])
        except ErreurClasses as exc:
            form.add_error("noms", str(exc))
        else:
            noms = ", ".join(c.nom for c in creees) or "aucune (elles existaient déjà)"
            messages.success(request, f"Classes créées à {form.cleaned_data['ecole']} : {noms}.")
            return redirect("wagtailsnippets_dossiers_classe:list")
    return TemplateResponse(
        request, GABARITS + "creer.html", {"form": form}, status=400 if form.errors else 200
    )


def passage(request):
    if not request.user.has_perms(PERMISSIONS_PASSAGE):
        raise PermissionDenied
    form = PassageForm(request.POST or None, initial={"annee_scolaire": annee_suivante()})
    if request.method == "POST" and form.is_valid():
        try:
            bilan = passer_annee_superieure(form.cleaned_data["annee_scolaire"], request.user)
        except ErreurClasses as exc:
            form.add_error("annee_scolaire", str(exc))
        else:
            p = bilan.passage
            if bilan.fait:
                messages.success(
                    request,
                    f"Passage à l'année {p.annee_scolaire} fait : {p.enfants_passes} enfant(s) en "
                    f"classe supérieure, {p.enfants_sortis} sorti(s) de leur école, "
                    f"{p.enfants_inchanges} dans une classe à plusieurs niveaux (à répartir).",
                )
            else:
                messages.warning(
                    request,
                    f"Le passage à l'année {p.annee_scolaire} a déjà été fait le "
                    f"{p.fait_le:%d/%m/%Y} : rien n'a changé.",
                )
            return redirect("dossiers_passage_classes")
    return TemplateResponse(
        request,
        GABARITS + "passage.html",
        {"form": form, "passages": PassageAnnee.objects.select_related("auteur")[:10]},
        status=400 if form.errors else 200,
    )


class ClasseIndexView(snippet_views.IndexView):
    """The Classes list, with its two actions next to « Ajouter »."""

    @property
    def header_buttons(self):
        boutons = list(super().header_buttons)
        utilisateur = self.request.user
        if utilisateur.has_perm(PERMISSION_CREATION):
            boutons.append(
                HeaderButton(
                    "Créer plusieurs classes",
                    url=reverse("dossiers_creer_classes"),
                    icon_name="plus",
                )
            )
        if utilisateur.has_perms(PERMISSIONS_PASSAGE):
            boutons.append(
                HeaderButton(
                    "Passage à l'année supérieure",
                    url=reverse("dossiers_passage_classes"),
                    icon_name="resubmit",
                )
            )
        return boutons


@hooks.register("register_admin_urls")
def urls_classes():
    return [
        path("classes/creer-en-lot/", creer, name="dossiers_creer_classes"),
        path("classes/passage-annee-superieure/", passage, name="dossiers_passage_classes"),
    ]
