"""At the counter: an agent books or cancels days for a family (« Vérifier » shows what would
be added, put on a waiting list or refused and why; « Confirmer » applies it), past the
deadline if need be — each change logged with the agent and the reason given, and the family
e-mailed its compte-rendu. And the waiting list of a day, with its offers. Both go through the
booking services, never around them."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from famille.comptes.wagtail_hooks import MENU_EDUCATION
from famille.dossiers.models import Enfant, Foyer

from ..models import CapaciteJour, JourSemaine, Prestation, Reservation
from ..services import compte_rendu, operations
from ..services.erreurs import ReservationError
from ..services.regles import Demande

PERMISSION_GUICHET = "reservations.guichet_reservation"
PERMISSION_LISTE = "reservations.view_reservation"
MAX_JOURS = 366


class FamilleForm(forms.Form):
    famille = forms.CharField(label="Numéro de famille", max_length=30)

    def clean_famille(self):
        numero = self.cleaned_data["famille"].strip()
        foyer = Foyer.objects.select_related("titulaire").filter(numero__iexact=numero).first()
        if foyer is None:
            raise forms.ValidationError("Aucun compte famille ne porte ce numéro.")
        return foyer


class GuichetForm(forms.Form):
    ACTIONS = [("reserver", "Réserver"), ("annuler", "Annuler")]

    action = forms.ChoiceField(label="Action", choices=ACTIONS, widget=forms.RadioSelect)
    enfants = forms.MultipleChoiceField(label="Enfants", widget=forms.CheckboxSelectMultiple)
    prestation = forms.ChoiceField(label="Prestation")
    du = forms.DateField(label="Du", widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label="Au", widget=forms.DateInput(attrs={"type": "date"}))
    jours = forms.TypedMultipleChoiceField(
        label="Jours de la semaine",
        choices=JourSemaine.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucun : tous les jours de la prestation.",
        required=False,
    )
    motif = forms.CharField(
        label="Motif",
        max_length=255,
        help_text="Obligatoire : il est inscrit au journal du guichet avec votre nom.",
    )

    def __init__(self, foyer: Foyer, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.foyer = foyer
        enfants = Enfant.objects.filter(gardes__foyer=foyer).distinct().order_by("date_naissance")
        self.fields["enfants"].choices = [(e.pk, e.prenom) for e in enfants]
        prestations = Prestation.objects.filter(
            structure__in=foyer.titulaire.structures.all(), active=True
        ).order_by("structure", "ordre")
        self.fields["prestation"].choices = [(p.pk, p.nom) for p in prestations]

    def clean(self):
        donnees = super().clean()
        du, au = donnees.get("du"), donnees.get("au")
        if du and au:
            if au < du:
                self.add_error("au", "La fin précède le début.")
            elif (au - du).days >= MAX_JOURS:
                self.add_error("au", "Une année au plus à la fois.")
        return donnees

    def demandes(self) -> list[Demande]:
        d = self.cleaned_data
        jours_iso = set(d["jours"])
        prestation = int(d["prestation"])
        resultat = []
        jour = d["du"]
        while jour <= d["au"]:
            if not jours_iso or jour.isoweekday() in jours_iso:
                resultat += [Demande(int(e), prestation, jour) for e in d["enfants"]]
            jour += datetime.timedelta(days=1)
        return resultat


def guichet(request):
    if not request.user.has_perm(PERMISSION_GUICHET):
        raise PermissionDenied
    famille = FamilleForm(request.GET or None)
    contexte = {"famille_form": famille, "form": None, "bilan": None}
    if not famille.is_valid():
        return TemplateResponse(request, "reservations/admin/guichet.html", contexte)
    foyer = famille.cleaned_data["famille"]
    form = GuichetForm(foyer, request.POST or None)
    contexte.update(foyer=foyer, form=form)
    if request.method == "POST" and form.is_valid():
        demandes = form.demandes()
        ajouts, annulations = (
            (demandes, []) if form.cleaned_data["action"] == "reserver" else ([], demandes)
        )
        try:
            if "confirmer" in request.POST:
                bilan = operations.appliquer(
                    request.user,
                    foyer,
                    ajouts,
                    annulations,
                    guichet=True,
                    motif=form.cleaned_data["motif"],
                )
                # The family is told as after its own changes (the memo's compte-rendu).
                compte_rendu.programmer_bilan(foyer.titulaire_id, bilan)
                messages.success(
                    request,
                    f"{len(bilan.ajoutees)} jour(s) réservé(s), {len(bilan.en_attente)} en liste "
                    f"d'attente, {len(bilan.annulees)} annulé(s), {len(bilan.refusees)} refusé(s).",
                )
            else:
                bilan = operations.simuler(request.user, foyer, ajouts, annulations, guichet=True)
            contexte["bilan"] = bilan
            contexte["libelles"] = _libelles(bilan)
        except ReservationError as erreur:
            form.add_error(None, erreur.message)
    return TemplateResponse(request, "reservations/admin/guichet.html", contexte)


def _libelles(bilan) -> dict:
    demandes = bilan.ajoutees + bilan.en_attente + bilan.annulees + [d for d, _ in bilan.refusees]
    enfants = dict(
        Enfant.objects.filter(pk__in={d.enfant_id for d in demandes}).values_list("pk", "prenom")
    )
    prestations = dict(
        Prestation.objects.filter(pk__in={d.prestation_id for d in demandes}).values_list(
            "pk", "nom"
        )
    )

    def texte(d: Demande) -> str:
        return f"{enfants.get(d.enfant_id, '')} — {prestations.get(d.prestation_id, '')} — {d.jour:%d/%m/%Y}"

    return {
        "ajoutees": [texte(d) for d in bilan.ajoutees],
        "en_attente": [texte(d) for d in bilan.en_attente],
        "annulees": [texte(d) for d in bilan.annulees],
        "refusees": [(texte(d), motif) for d, motif in bilan.refusees],
        "hors_delai": [texte(d) for d in bilan.hors_delai],
    }


class JourForm(forms.Form):
    prestation = forms.ModelChoiceField(
        label="Prestation", queryset=Prestation.objects.filter(capacite__isnull=False)
    )
    date = forms.DateField(label="Jour", widget=forms.DateInput(attrs={"type": "date"}))


def liste_attente(request):
    """The booked count, capacity, waiting list (in order, with ranks) and offers of a day."""
    if not request.user.has_perm(PERMISSION_LISTE):
        raise PermissionDenied
    form = JourForm(request.GET or None)
    contexte = {"form": form}
    if form.is_valid():
        prestation, jour = form.cleaned_data["prestation"], form.cleaned_data["date"]
        lignes = Reservation.objects.actives().filter(prestation=prestation, date=jour)
        file = list(
            Reservation.objects.file_attente(prestation.pk, jour).select_related("enfant", "foyer")
        )
        contexte.update(
            prestation=prestation,
            jour=jour,
            capacite=CapaciteJour.objects.filter(prestation=prestation, date=jour).first(),
            reservees=lignes.filter(statut=Reservation.Statut.RESERVEE).count(),
            propositions=list(
                lignes.filter(statut=Reservation.Statut.PROPOSEE)
                .select_related("enfant", "foyer")
                .order_by("expire_le")
            ),
            file=list(enumerate(file, start=1)),
        )
    return TemplateResponse(request, "reservations/admin/liste_attente.html", contexte)


@hooks.register("register_admin_urls")
def urls():
    return [
        path("reservations-guichet/", guichet, name="reservations_guichet"),
        path("reservations-attente/", liste_attente, name="reservations_attente"),
    ]


class _Item(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request) -> bool:
        return request.user.has_perm(self.permission)


@hooks.register(MENU_EDUCATION)
def menu_guichet() -> MenuItem:
    return _Item(
        "Réserver au guichet",
        reverse("reservations_guichet"),
        icon_name="calendar-alt",
        order=545,
        permission=PERMISSION_GUICHET,
    )


@hooks.register(MENU_EDUCATION)
def menu_attente() -> MenuItem:
    return _Item(
        "Listes d'attente",
        reverse("reservations_attente"),
        icon_name="list-ol",
        order=550,
        permission=PERMISSION_LISTE,
    )
