"""The summary before confirming (services.operations.simuler: nothing written) and the
confirmation itself: one POST, one call to operations.appliquer, one compte-rendu e-mail sent by
a task after the commit (services/compte_rendu.py). The summary's form carries what to apply,
signed, with a one-time token: replaying the POST books nothing twice and sends no second e-mail.
A database failure during the confirmation frees the token (nothing was booked), so the parent
can confirm again once the database is back."""

from __future__ import annotations

import datetime
import logging
import uuid
from collections import defaultdict

from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from famille.comptes.chiffres import chiffres

from .. import presentation
from ..services import attente, compte_rendu, operations
from ..services.operations import Demande, ReservationError
from .acces import enfants_du_parent, foyer_du_parent, periode_du_parent, reservation_du_parent

journal = logging.getLogger(__name__)

SEL = "reservations.confirmer"
# The summary may be read at leisure, but not confirmed the next day on stale choices.
DUREE_RECAPITULATIF = 60 * 60
DUREE_JETON = 24 * 60 * 60


def _url_periode(page, periode_id: int) -> str:
    return page.url + page.reverse_subpage("periode", args=[periode_id])


def _cle(demande) -> tuple[int, int, str]:
    jour = getattr(demande, "jour", None) or demande.date
    return demande.enfant_id, demande.prestation_id, jour.isoformat()


def _groupes(
    elements, enfants: dict, prestations: dict, motifs: bool = False, libelles=None
) -> list[dict]:
    """Per child and service, the days (and the refusal reasons), for a short summary."""
    groupes: dict[tuple[int, int], list] = defaultdict(list)
    # A period's summary lists ~250 rows over ~40 dates: each date is formatted once (Django's
    # date formatting costs ~0.1 ms a call); `libelles`, shared by the summary's lists.
    libelles = {} if libelles is None else libelles
    echappes: dict[tuple[str, str], str] = {}
    for element in elements:
        demande, motif = element if motifs else (element, "")
        jour = getattr(demande, "jour", None) or demande.date
        if jour not in libelles:
            libelles[jour] = presentation.date_longue(jour)
        groupes[(demande.enfant_id, demande.prestation_id)].append((libelles[jour], motif))
    return [
        {
            "enfant": enfants.get(enfant_id),
            "prestation": prestations.get(prestation_id),
            "jours": jours,
            "items": _items(jours, echappes),
        }
        for (enfant_id, prestation_id), jours in sorted(
            groupes.items(), key=lambda g: (str(enfants.get(g[0][0], "")), g[0][1])
        )
    ]


def _items(jours, echappes: dict) -> str:
    """The <li> of a group's days, escaped as the template would: a period's summary has ~250
    of them (the template loop took ~10 ms); `echappes`, each (day, reason) escaped once."""
    morceaux = []
    for libelle, motif in jours:
        item = echappes.get((libelle, motif))
        if item is None:
            suite = f" : {escape(motif)}" if motif else ""
            item = echappes[libelle, motif] = f"<li>{escape(libelle)}{suite}</li>"
        morceaux.append(item)
    return mark_safe("".join(morceaux))  # noqa: S308 (escaped above)


def _bilan_vue(bilan, enfants, prestations) -> dict:
    libelles: dict[datetime.date, str] = {}
    return {
        "ajoutees": _groupes(bilan.ajoutees, enfants, prestations, libelles=libelles),
        "en_attente": _groupes(bilan.en_attente, enfants, prestations, libelles=libelles),
        "annulees": _groupes(bilan.annulees, enfants, prestations, libelles=libelles),
        "refusees": _groupes(bilan.refusees, enfants, prestations, True, libelles),
        "nombre_ajoutees": len(bilan.ajoutees),
        "nombre_en_attente": len(bilan.en_attente),
        "nombre_annulees": len(bilan.annulees),
        "nombre_refusees": len(bilan.refusees),
    }


def recapitulatif(request: HttpRequest, page, periode, foyer, ajouts, annulations, contexte=None):
    """What would change, from the services' simulation; the confirm form carries it signed.
    `contexte`: the rules the calendar of the same request was built from, simulated on
    without reading them again (operations.simuler's `deja`)."""
    try:
        bilan = operations.simuler(request.user, foyer, ajouts, annulations, deja=contexte)
    except ReservationError as erreur:
        messages.error(request, str(erreur))
        return redirect(_url_periode(page, periode.pk))
    # The children and services named are those the simulation read (and checked).
    enfants, prestations = bilan.enfants, bilan.prestations
    charge = {
        "p": periode.pk,
        "a": [_cle(d) for d in ajouts],
        "c": [_cle(d) for d in annulations],
        "j": uuid.uuid4().hex,
    }
    contexte = page.get_context(request) | {
        "periode": periode,
        "sous_titre": "Vérifier avant de confirmer",
        "bilan": _bilan_vue(bilan, enfants, prestations),
        "rien_a_faire": not (bilan.ajoutees or bilan.annulees or bilan.en_attente),
        "charge": signing.dumps(charge, salt=SEL, compress=True),
        "url_retour": _url_periode(page, periode.pk),
    }
    return TemplateResponse(request, "reservations/recapitulatif.html", contexte)


def _demandes(triples, enfants: set[int], prestations: set[int], periode) -> list[Demande]:
    demandes = []
    for enfant_id, prestation_id, jour in triples:
        if enfant_id not in enfants or prestation_id not in prestations:
            raise Http404("Ce jour ne concerne pas votre famille.")
        jour = datetime.date.fromisoformat(jour)
        if not periode.debut <= jour <= periode.fin:
            raise Http404("Ce jour n'est pas dans la période.")
        demandes.append(Demande(enfant_id, prestation_id, jour))
    return demandes


def confirmer(request: HttpRequest, page, periode_id: int) -> HttpResponse:
    periode = periode_du_parent(request, periode_id)
    retour = _url_periode(page, periode.pk)
    if request.method != "POST":
        return redirect(retour)
    foyer = foyer_du_parent(request)
    try:
        charge = signing.loads(
            request.POST.get("charge", ""), salt=SEL, max_age=DUREE_RECAPITULATIF
        )
    except signing.BadSignature:
        messages.error(
            request,
            "Ce récapitulatif a expiré ou n'est pas valide : refaites vos choix, rien n'a été "
            "enregistré.",
        )
        return redirect(retour)
    if charge.get("p") != periode.pk:
        raise Http404("Ce récapitulatif concerne une autre période.")
    # The ids were signed for this account's session, yet checked again: the rules may have
    # changed (a child unlinked from the foyer) since the summary was shown.
    enfants = {e.pk: e for e in enfants_du_parent(foyer)}
    prestations = set(periode.prestations.values_list("pk", flat=True))
    ajouts = _demandes(charge["a"], set(enfants), prestations, periode)
    annulations = _demandes(charge["c"], set(enfants), prestations, periode)
    jeton = f"reservations:confirmation:{request.user.pk}:{charge['j']}"
    if not cache.add(jeton, 1, DUREE_JETON):
        messages.info(request, "Ces choix ont déjà été confirmés : rien n'a été fait de plus.")
        return redirect(retour)
    try:
        bilan = operations.appliquer(request.user, foyer, ajouts, annulations, enfants=enfants)
    except ReservationError as erreur:
        cache.delete(jeton)
        messages.error(request, str(erreur))
        return redirect(retour)
    except DatabaseError:
        # The database failed (restarted, unreachable): the transaction was rolled back, nothing
        # is booked. Free the token so that the same summary can be confirmed again once it is
        # back; the error goes on to the French « service indisponible » page (portail/pannes.py).
        _liberer(jeton)
        raise
    compte_rendu.programmer_bilan(request.user.pk, bilan)
    messages.success(request, message_bilan(bilan))
    return redirect(retour)


def _liberer(jeton: str) -> None:
    try:
        cache.delete(jeton)
    except Exception:  # the cache in the database (no Redis) fails with it: the token stays
        journal.warning("Jeton de confirmation non libéré : le cache ne répond pas.")


# The refused days named in the message after a confirmation, at most (the rest counted).
REFUS_NOMMES = 5


def _nombre(n: int, singulier: str, pluriel: str) -> str:
    return f"{n} {singulier if n == 1 else pluriel}"


def _refus_nommes(bilan) -> str:
    """Which days were refused and why (« Léa, Cantine, mardi 5 janvier : jour fermé »): the
    parent must not have to guess which of a period's days did not go through."""
    noms = []
    for demande, motif in bilan.refusees[:REFUS_NOMMES]:
        enfant = bilan.enfants.get(demande.enfant_id)
        prestation = bilan.prestations.get(demande.prestation_id)
        qui = ", ".join(
            str(x)
            for x in (getattr(enfant, "prenom", enfant), getattr(prestation, "nom", prestation))
            if x
        )
        jour = presentation.date_memorisee(demande.jour, "l j F")
        motif = (motif or "").rstrip(". ")
        noms.append(f"{qui}, {jour}" + (f" : {motif}" if motif else ""))
    reste = len(bilan.refusees) - len(noms)
    texte = " ; ".join(noms)
    if reste > 0:
        texte += f" ; et {_nombre(reste, 'autre jour', 'autres jours')}"
    return texte


def message_bilan(bilan) -> str:
    morceaux = []
    if bilan.ajoutees:
        morceaux.append(_nombre(len(bilan.ajoutees), "jour réservé", "jours réservés"))
    if bilan.en_attente:
        morceaux.append(
            _nombre(len(bilan.en_attente), "jour en liste d'attente", "jours en liste d'attente")
        )
    if bilan.annulees:
        morceaux.append(_nombre(len(bilan.annulees), "jour annulé", "jours annulés"))
    if bilan.refusees:
        morceaux.append(_nombre(len(bilan.refusees), "jour refusé", "jours refusés"))
    texte = ", ".join(morceaux) or "Aucun changement"
    if bilan.refusees:
        texte += f" ({_refus_nommes(bilan)})"
    if bilan.ajoutees or bilan.annulees or bilan.en_attente:
        texte += ". Le compte-rendu de vos réservations vous est envoyé par e-mail."
    return texte[0].upper() + texte[1:]


def _retour_offre(request: HttpRequest, page) -> str:
    """Where an answer to an offer goes back: the period it was shown on (the family's own,
    else 404), or the tab."""
    periode_id = request.POST.get("periode", "")
    if chiffres(periode_id):
        return _url_periode(page, periode_du_parent(request, int(periode_id)).pk)
    return page.url


def accepter(request: HttpRequest, page, reservation_id: int) -> HttpResponse:
    """« Accepter la place » of a waiting-list offer, one POST."""
    reservation = reservation_du_parent(request, reservation_id)
    retour = _retour_offre(request, page)
    if request.method != "POST":
        return redirect(retour)
    deja = reservation.statut == reservation.Statut.RESERVEE
    try:
        attente.accepter_proposition(request.user, reservation.pk)
    except ReservationError as erreur:
        messages.error(request, str(erreur))
        return redirect(retour)
    if not deja:  # accepted twice (two tabs): one e-mail
        compte_rendu.programmer(request.user.pk, ajoutees=[reservation])
    messages.success(
        request,
        f"La place est réservée pour {reservation.enfant.prenom} le "
        f"{presentation.date_longue(reservation.date)}. Le compte-rendu de vos réservations "
        "vous est envoyé par e-mail.",
    )
    return redirect(retour)


def refuser(request: HttpRequest, page, reservation_id: int) -> HttpResponse:
    """« Je n'en ai plus besoin »: the family declines an offered place, one POST; the place
    passes at once to the next family in line."""
    reservation = reservation_du_parent(request, reservation_id)
    retour = _retour_offre(request, page)
    if request.method != "POST":
        return redirect(retour)
    try:
        attente.refuser_proposition(request.user, reservation.pk)
    except ReservationError as erreur:
        messages.error(request, str(erreur))
        return redirect(retour)
    messages.success(
        request,
        f"C'est noté : la place de {reservation.enfant.prenom} le "
        f"{presentation.date_longue(reservation.date)} est proposée à la famille suivante.",
    )
    return redirect(retour)
