"""Closing a structure's day (menu Éducation, « Clôturer une journée »): the day's counts per
prestation and end state (read from pointage.etats_du_jour, the same states billing reads),
then the closing itself through pointage.cloturer_journee. After it, any change of a mark is a
correction that needs a reason (the /pointage/ screen asks for it; the service refuses
without one). The view checks the « add journée clôturée » permission first."""

from __future__ import annotations

import datetime
from collections import Counter

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from famille.comptes.models import Structure
from famille.comptes.wagtail_hooks import MENU_EDUCATION

from ..models import ClotureJournee, Prestation
from ..services import pointage
from ..services.erreurs import ReservationError

PERMISSION_CLOTURER = "reservations.add_cloturejournee"
LIBELLES = {
    pointage.RESERVE_PRESENT: "Réservé et présent",
    pointage.ABSENT_JUSTIFIE: "Absent justifié",
    pointage.ABSENT_NON_JUSTIFIE: "Absent non justifié",
    pointage.PRESENT_NON_PREVU: "Présent non prévu",
    pointage.ANNULE: "Annulé dans les délais",
}


class JourneeForm(forms.Form):
    structure = forms.ModelChoiceField(label="Structure", queryset=Structure.objects.all())
    jour = forms.DateField(
        label="Jour", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_jour(self):
        jour = self.cleaned_data["jour"]
        if jour > timezone.localdate():
            raise forms.ValidationError("On ne clôture pas un jour qui n'est pas encore arrivé.")
        return jour


def _comptes(structure: Structure, jour: datetime.date) -> list[dict]:
    prestations = {
        p.pk: p for p in Prestation.objects.filter(structure=structure).order_by("ordre", "nom")
    }
    comptes = Counter(
        (e.prestation_id, e.etat) for e in pointage.etats_du_jour(jour, list(prestations))
    )
    lignes = []
    for pk, prestation in prestations.items():
        etats = [(libelle, comptes[(pk, etat)]) for etat, libelle in LIBELLES.items()]
        if any(n for _, n in etats):
            lignes.append({"prestation": prestation, "etats": etats})
    return lignes


def cloture(request):
    if not request.user.has_perm(PERMISSION_CLOTURER):
        raise PermissionDenied
    donnees = request.POST if request.method == "POST" else (request.GET or None)
    form = JourneeForm(donnees)
    contexte = {
        "form": form,
        "libelles": list(LIBELLES.values()),
        "recentes": ClotureJournee.objects.select_related("structure", "par")[:20],
    }
    if form.is_valid():
        structure, jour = form.cleaned_data["structure"], form.cleaned_data["jour"]
        if request.method == "POST":
            try:
                pointage.cloturer_journee(request.user, structure, jour)
            except ReservationError as erreur:
                form.add_error(None, erreur.message)
            else:
                messages.success(
                    request,
                    f"Journée du {jour:%d/%m/%Y} clôturée pour {structure} : les changements "
                    "seront désormais des corrections, avec leur motif.",
                )
                return redirect(
                    f"{reverse('reservations_cloture')}?structure={structure.pk}"
                    f"&jour={jour.isoformat()}"
                )
        contexte.update(
            structure=structure,
            jour=jour,
            cloturee=pointage.journee_cloturee(structure.pk, jour),
            lignes=_comptes(structure, jour),
        )
    statut = 400 if request.method == "POST" and form.errors else 200
    return TemplateResponse(request, "reservations/admin/cloture.html", contexte, status=statut)


@hooks.register("register_admin_urls")
def urls():
    return [path("journees-cloture/", cloture, name="reservations_cloture")]


class _Item(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(PERMISSION_CLOTURER)


@hooks.register(MENU_EDUCATION)
def menu_cloture() -> MenuItem:
    return _Item(
        "Clôturer une journée", reverse("reservations_cloture"), icon_name="lock", order=570
    )
