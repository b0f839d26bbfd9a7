"""The Réservations tab's pages: the period's calendar per child (read from services.grille,
which writes nothing), booking or cancelling by ticking days, and the « semaine type » (its
days booked, or cancelled with « Annuler ces jours »). Both forms end on the summary of
confirmation.recapitulatif; nothing is written before the parent confirms there."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe

from famille.comptes.chiffres import chiffres

from .. import presentation
from ..forms import DemandeInvalide, SemaineTypeForm, lire_cases
from ..models import PeriodeReservation
from ..services import grille as grille_service
from ..services import semaine_type as semaine_service
from ..services.operations import Demande
from ..services.regles import moment
from . import avant_ouverture, confirmation
from .acces import foyer_du_parent, periode_du_parent, reservation_commencee

GABARIT = "reservations/reservations_page.html"


def periodes_visibles(request: HttpRequest) -> list[PeriodeReservation]:
    """The periods of the structure chosen in the header that are not over yet."""
    structure = getattr(request, "structure", None)
    if structure is None:
        return []
    # The same list for every family of the structure: kept a few seconds (services.grille's
    # docstring), for the thousands of countdown refreshes of an opening morning.
    duree = getattr(settings, "RESERVATIONS_DUREE_DONNEES_PERIODE", 0)
    cle = f"reservations:periodes:{structure.pk}:{timezone.localdate()}"
    if duree and (gardees := caches["pages_locales"].get(cle)) is not None:
        return gardees
    periodes = list(
        PeriodeReservation.objects.filter(structure=structure, fin__gte=timezone.localdate())
        .select_related("structure")
        .order_by("debut", "pk")
    )
    if duree:
        caches["pages_locales"].set(cle, periodes, duree)
    return periodes


def accueil(request: HttpRequest, page) -> HttpResponse:
    foyer_du_parent(request)
    periodes = periodes_visibles(request)
    if not periodes:
        return TemplateResponse(
            request,
            "reservations/reservations_page.html",
            page.get_context(request) | {"periodes": [], "periode": None},
        )
    maintenant = timezone.now()
    # The period open now first; else the next to open (its countdown).
    ouvertes = [p for p in periodes if p.ouverture <= maintenant]
    return _calendrier(request, page, (ouvertes or periodes)[0], periodes)


def periode(request: HttpRequest, page, periode_id: int) -> HttpResponse:
    if request.method == "POST":
        return _cases_cochees(request, page, periode_du_parent(request, periode_id))
    # The periods listed in the tab hold the one asked for (one query less); one of another
    # structure of the account, or already over, goes through the access helper.
    periodes = periodes_visibles(request)
    trouvee = next((p for p in periodes if p.pk == periode_id), None)
    if trouvee is None:
        trouvee = periode_du_parent(request, periode_id)
    else:
        foyer_du_parent(request)  # a parent's page: the same refusal as the access helper
    return _calendrier(request, page, trouvee, periodes)


def _grille(request: HttpRequest, periode):
    return grille_service.construire_grille(request.user, periode)


def _calendrier(
    request: HttpRequest,
    page,
    periode,
    periodes,
    *,
    grille=None,
    erreurs: list[str] | None = None,
    form_semaine: SemaineTypeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    maintenant = timezone.now()
    simple = grille is None and not erreurs and form_semaine is None
    if simple and (gardee := avant_ouverture.page_gardee(request, periode, maintenant)):
        return gardee  # before the opening: the whole page kept for this account
    if simple and (garde := avant_ouverture.lire(request.user, periode, maintenant)):
        # Before the opening: the calendar kept rendered, the rest of the page rendered now.
        ouverture, phrase, rendu = garde
        contexte = page.get_context(request) | {
            "periode": periode,
            "periodes": periodes,
            "grille": None,
            "calendrier_rendu": rendu,
            "ouverture": ouverture,
            "ouverture_dans": avant_ouverture.MARQUE_REBOURS,
            "ouverture_texte": moment(ouverture),
            "phrase_periode": phrase,
            "erreurs": [],
            "sous_titre": periode.nom,
        }
        reponse = TemplateResponse(request, GABARIT, contexte)
        return avant_ouverture.rendre(request, reponse, periode, ouverture, maintenant)
    grille = grille or _grille(request, periode)
    if grille.ouverte:
        reservation_commencee(request)
    enfants = [ligne.enfant for ligne in grille.lignes]
    if form_semaine is None and grille.ouverte:  # the semaine type is shown once open
        form_semaine = SemaineTypeForm(
            enfants=enfants,
            prestations=grille.prestations,
            periode=periode,
            initial={"enfants": [e.pk for e in enfants]},
        )
    lignes = presentation.lignes(grille)
    contexte = page.get_context(request) | {
        "periode": periode,
        "periodes": periodes,
        "grille": grille,
        "lignes": lignes,
        "legende": presentation.legende(),
        "proposees": presentation.proposees(lignes),
        "ouverture": grille.ouverture,
        "ouverture_dans": avant_ouverture.MARQUE_REBOURS,
        "ouverture_texte": moment(grille.ouverture),
        "phrase_periode": presentation.phrase_periode(
            periode, grille.prestations, grille.ouverture
        ),
        "erreurs": erreurs or [],
        "form_semaine": form_semaine,
        "sous_titre": periode.nom,
    }
    if simple and not grille.ouverte and avant_ouverture.duree():
        rendu = render_to_string("reservations/includes/calendrier_lecture.html", contexte, request)
        avant_ouverture.garder(
            request.user, periode, grille.ouverture, contexte["phrase_periode"], rendu, maintenant
        )
        contexte["calendrier_rendu"] = mark_safe(rendu)  # noqa: S308 (rendered just above)
    reponse = TemplateResponse(request, GABARIT, contexte, status=status)
    if not grille.ouverte:  # the countdown: its time left put in now
        return avant_ouverture.rendre(request, reponse, periode, grille.ouverture, maintenant)
    return reponse


def _refus(request, page, periode, grille, erreurs, form_semaine=None) -> HttpResponse:
    """The calendar again, with the error summary at the top: nothing was saved."""
    return _calendrier(
        request,
        page,
        periode,
        periodes_visibles(request),
        grille=grille,
        erreurs=erreurs,
        form_semaine=form_semaine,
        status=400,
    )


def _maximum(periode, enfants: int, prestations: int) -> int:
    return ((periode.fin - periode.debut).days + 1) * max(enfants, 1) * max(prestations, 1)


def _cases_cochees(request: HttpRequest, page, periode) -> HttpResponse:
    """The ticked calendar: ticked and not held = to book; held, cancellable and not ticked =
    to cancel. Goes to the summary; nothing is written here."""
    foyer = foyer_du_parent(request)
    grille = _grille(request, periode)
    enfants = {ligne.enfant.pk for ligne in grille.lignes}
    prestations = {p.pk for p in grille.prestations}
    try:
        cochees, erreurs = lire_cases(
            request.POST.getlist("cases"),
            enfants=enfants,
            prestations=prestations,
            periode=periode,
            maximum=_maximum(periode, len(enfants), len(prestations)),
        )
    except DemandeInvalide:
        raise Http404("Ce jour ne concerne pas votre famille.") from None
    if erreurs:
        return _refus(request, page, periode, grille, erreurs)
    coches = {presentation.valeur_case(*c) for c in cochees}
    tenues = presentation.tenues(grille, modifiables=True)
    ajouts = [
        Demande(e, p, j)
        for e, p, j in sorted(cochees)
        if presentation.valeur_case(e, p, j) not in tenues
    ]
    annulations = [Demande(*_triple(v)) for v in sorted(tenues - coches)]
    if not ajouts and not annulations:
        rien = "Vous n'avez rien changé : cochez les jours à réserver, décochez ceux à annuler."
        return _refus(request, page, periode, grille, [rien])
    return confirmation.recapitulatif(
        request, page, periode, foyer, ajouts, annulations, grille.contexte
    )


def _triple(valeur: str) -> tuple[int, int, datetime.date]:
    enfant, prestation, jour = valeur.split(".", 2)
    return int(enfant), int(prestation), datetime.date.fromisoformat(jour)


def semaine_type(request: HttpRequest, page, periode_id: int) -> HttpResponse:
    periode = periode_du_parent(request, periode_id)
    if request.method != "POST":
        return redirect(page.url + page.reverse_subpage("periode", args=[periode.pk]))
    foyer = foyer_du_parent(request)
    grille = _grille(request, periode)
    enfants = [ligne.enfant for ligne in grille.lignes]
    form = SemaineTypeForm(
        request.POST, enfants=enfants, prestations=grille.prestations, periode=periode
    )
    # A child or service id of another family is a 404, not a form error.
    ids_enfants = {e.pk for e in enfants}
    ids_prestations = {p.pk for p in grille.prestations}
    if any(chiffres(v) and int(v) not in ids_enfants for v in request.POST.getlist("enfants")):
        raise Http404("Cet enfant ne fait pas partie de votre famille.")
    for valeur in request.POST.getlist("semaine"):
        prestation = valeur.split(".")[0]
        if chiffres(prestation) and int(prestation) not in ids_prestations:
            raise Http404("Ce service n'est pas proposé dans cette période.")
    if not form.is_valid():
        erreurs = [str(e) for champ in form.errors.values() for e in champ]
        return _refus(request, page, periode, grille, erreurs, form)
    ajouts = semaine_service.deplier(
        periode,
        form.cleaned_data["enfants"],
        form.semaine_par_prestation(),
        form.cleaned_data["rythme"],
        depuis=form.cleaned_data["depuis"],
    )
    tenues = presentation.tenues(grille)
    if request.POST.get("action") == "annuler":
        # « Annuler ces jours »: the days of the semaine type the family holds; those past
        # their deadline are kept, for the summary to say why they stay.
        annulations = [
            d
            for d in ajouts
            if presentation.valeur_case(d.enfant_id, d.prestation_id, d.jour) in tenues
        ]
        if not annulations:
            rien = "Aucun de ces jours n'est réservé : il n'y a rien à annuler."
            return _refus(request, page, periode, grille, [rien], form)
        return confirmation.recapitulatif(
            request, page, periode, foyer, [], annulations, grille.contexte
        )
    # Days already held are not asked again: the summary shows only what changes.
    ajouts = [
        d
        for d in ajouts
        if presentation.valeur_case(d.enfant_id, d.prestation_id, d.jour) not in tenues
    ]
    if not ajouts:
        deja = "Ces jours sont déjà tous réservés, ou aucun n'est ouvert dans la période."
        return _refus(request, page, periode, grille, [deja], form)
    return confirmation.recapitulatif(request, page, periode, foyer, ajouts, [], grille.contexte)
