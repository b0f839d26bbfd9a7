"""The animator's attendance screen: a staff page of its own (not the Wagtail admin, which the
Animation group cannot open), built for a phone or tablet held in portrait.

`prestation_du_pointeur` is the one access check every view calls first: not a pointing role →
403; a prestation of a structure the user does not point → 404 (never a hint that it exists)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from famille.comptes import acces
from famille.comptes.models import Structure
from famille.dossiers.models import Ecole

from ..models import ClotureJournee, Presence, Prestation
from ..services import pointage
from ..services.erreurs import ReservationError

CHOIX = [
    (Presence.Etat.PRESENT, "Présent"),
    (Presence.Etat.ABSENT, "Absent"),
    (Presence.Etat.ABSENT_JUSTIFIE, "Absence justifiée"),
]


def structures_du_pointeur(user):
    if acces.est_education(user):
        return Structure.objects.all()
    if acces.est_animation(user):
        return user.structures.all()
    raise PermissionDenied


def prestation_du_pointeur(
    request: HttpRequest, prestation_id: int, jour: datetime.date | None = None
) -> Prestation:
    """The prestation, with `cloturee` (is the structure's day closed?) read in the same query
    when a day is given."""
    structures = structures_du_pointeur(request.user)
    prestations = Prestation.objects.select_related("structure")
    if jour is not None:
        prestations = prestations.annotate(
            cloturee=Exists(
                ClotureJournee.objects.filter(structure_id=OuterRef("structure_id"), jour=jour)
            )
        )
    return get_object_or_404(prestations, pk=prestation_id, structure__in=structures)


def _jour(texte: str | None) -> datetime.date:
    if not texte:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(texte)
    except ValueError as erreur:
        raise Http404 from erreur


@login_required
def choix(request: HttpRequest) -> HttpResponse:
    """Which list to mark: the prestations of the user's structures, today by default."""
    structures = structures_du_pointeur(request.user)
    prestations = (
        Prestation.objects.filter(structure__in=structures, active=True)
        .select_related("structure")
        .order_by("structure__nom", "nom")
    )
    ecoles = Ecole.objects.filter(structure__in=structures).order_by("nom")
    return render(
        request,
        "reservations/pointage/choix.html",
        {"prestations": prestations, "ecoles": ecoles, "jour": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def liste(request: HttpRequest, prestation_id: int) -> HttpResponse:
    jour = _jour(request.GET.get("jour") or request.POST.get("jour"))
    prestation = prestation_du_pointeur(request, prestation_id, jour)
    ecole = None
    ecole_id = request.GET.get("ecole") or request.POST.get("ecole")
    if ecole_id:
        ecole = get_object_or_404(Ecole, pk=ecole_id, structure=prestation.structure)
    erreur = ""
    if request.method == "POST":
        marques = {}
        for cle, valeur in request.POST.items():
            if cle.startswith("etat-") and valeur:
                try:
                    marques[int(cle[5:])] = valeur
                except ValueError:
                    continue
        ajout = request.POST.get("ajout")
        if ajout:
            try:
                marques[int(ajout)] = request.POST.get("ajout_etat", "")
            except ValueError:
                pass
        try:
            pointage.enregistrer_pointage(
                request.user, prestation, jour, marques, request.POST.get("motif", "")
            )
        except ReservationError as e:
            erreur = e.message
        else:
            messages.success(request, "Pointage enregistré.")
            suite = f"?jour={jour.isoformat()}" + (f"&ecole={ecole.pk}" if ecole else "")
            return redirect(request.path + suite)
    enfants = pointage.liste_du_jour(prestation.structure, ecole, prestation, jour)
    contexte = {
        "prestation": prestation,
        "jour": jour,
        "ecole": ecole,
        "enfants": enfants,
        "choix": CHOIX,
        "ajoutables": pointage.enfants_ajoutables(prestation.structure, ecole, prestation, jour),
        "cloturee": prestation.cloturee,
        "erreur": erreur,
        "motif": request.POST.get("motif", ""),
    }
    return render(
        request, "reservations/pointage/liste.html", contexte, status=400 if erreur else 200
    )
