"""Lists for schools (issue 9.12), for the Education service only: per school and class, the
children with their PAI, allergies and diet, the people to call in an emergency and those
allowed to collect them, and the photo permission — a print-friendly admin page (the menu
and buttons are hidden when printed). Health data, hence Éducation only (acces.voit_sante),
whatever other permission a user has."""

from __future__ import annotations

from itertools import groupby

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from famille.comptes.acces import voit_sante
from famille.comptes.wagtail_hooks import MENU_EDUCATION

from ..models import Classe, Ecole, Enfant

NOM_URL = "dossiers_listes_ecoles"


def _lignes(enfants) -> list[dict]:
    lignes = []
    for enfant in enfants:
        contacts = list(enfant.contacts.all())
        sante = getattr(enfant, "fiche_sante", None)
        autorisation = getattr(enfant, "autorisation", None)
        lignes.append(
            {
                "enfant": enfant,
                "pai": bool(sante and sante.pai),
                "allergies": sante.allergies if sante else "",
                "regime": sante.get_regime_display() if sante and sante.regime else "",
                "urgence": [c for c in contacts if c.appeler_en_urgence],
                "recuperer": [c for c in contacts if c.peut_recuperer],
                "photo": None if autorisation is None else autorisation.photo_video,
            }
        )
    return lignes


def listes_ecoles(request: HttpRequest) -> HttpResponse:
    if not voit_sante(request.user):
        raise PermissionDenied
    ecoles = Ecole.objects.all()
    ecole = ecoles.filter(pk=request.GET.get("ecole") or 0).first()
    classe = None
    groupes = []
    if ecole is not None:
        classes = Classe.objects.filter(ecole=ecole)
        classe = classes.filter(pk=request.GET.get("classe") or 0).first()
        enfants = (
            Enfant.objects.filter(ecole=ecole)
            .select_related("classe", "fiche_sante", "autorisation")
            .prefetch_related("contacts")
            .order_by("classe__nom", "nom", "prenom")
        )
        if classe is not None:
            enfants = enfants.filter(classe=classe)
        for cle, lot in groupby(enfants, key=lambda e: e.classe.nom if e.classe else ""):
            groupes.append({"classe": cle or "Sans classe", "lignes": _lignes(lot)})
    return TemplateResponse(
        request,
        "dossiers/admin/listes_ecoles.html",
        {
            "ecoles": ecoles,
            "ecole": ecole,
            "classes": Classe.objects.filter(ecole=ecole) if ecole else [],
            "classe": classe,
            "groupes": groupes,
        },
    )


@hooks.register("register_admin_urls")
def urls_listes_ecoles():
    return [path("listes-ecoles/", listes_ecoles, name=NOM_URL)]


class ListesEcolesMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return voit_sante(request.user)


@hooks.register(MENU_EDUCATION)
def menu_listes_ecoles() -> MenuItem:
    return ListesEcolesMenuItem(
        "Listes pour les écoles", reverse(NOM_URL), icon_name="list-ul", order=960
    )
