"""The Régie in the Wagtail admin (menu « Régie », famille.comptes.wagtail_hooks.MENU_REGIE): take a payment at the counter or give a
refund (numbered receipt in PDF), cancel either with a reason, the day's bordereau per payment
mode, the period's totals by mode and by service for the treasury (CSV/XLSX), the yearly
attestations fiscales and who signs them.

Only the Régie handles money: these views check `add_encaissement` (take, give back),
`change_encaissement` (cancel) or `view_encaissement` (receipts, bordereau, totals) before
anything else; the services check again. The list of receipts is read-only (evidence)."""

from __future__ import annotations

import csv
import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem as EntreeMenu
from wagtail.admin.ui.menus import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from famille.comptes.exports import neutraliser
from famille.comptes.models import Structure
from famille.comptes.pdf import template_vers_pdf
from famille.comptes.wagtail_hooks import MENU_REGIE, JournalPermissionPolicy
from famille.dossiers.models import Foyer

from ..models import AttestationFiscale, Encaissement, Regisseur
from ..services import ErreurFacturation, attestations, regie

VOIR = "facturation.view_encaissement"
ENCAISSER = "facturation.add_encaissement"
ANNULER = "facturation.change_encaissement"


class LecturePolicy(JournalPermissionPolicy):
    """Receipts and attestations are evidence: « view » only through the generic views."""


for _modele in (Encaissement, AttestationFiscale):
    register_permission_policy(_modele, LecturePolicy(_modele))


def _exiger(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


# --- take a payment or give a refund ------------------------------------------------------


class EncaissementForm(forms.Form):
    famille = forms.CharField(label="Numéro de famille", max_length=30)
    structure = forms.ModelChoiceField(label="Régie", queryset=Structure.objects.none())
    sens = forms.ChoiceField(
        label="Opération",
        choices=Encaissement.Sens.choices,
        initial=Encaissement.Sens.PAIEMENT,
        widget=forms.RadioSelect,
    )
    montant = forms.CharField(label="Montant (€)", max_length=20, help_text="Par exemple 42,50.")
    mode = forms.ChoiceField(label="Mode de paiement", choices=Encaissement.Mode.choices)
    banque = forms.CharField(label="Banque (chèque)", max_length=80, required=False)
    numero_piece = forms.CharField(label="N° du chèque ou du titre", max_length=40, required=False)
    jour = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Vide : aujourd'hui.",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.order_by("ordre", "nom")
        if Structure.objects.count() == 1:
            self.fields["structure"].initial = Structure.objects.first()

    def clean_famille(self):
        numero = self.cleaned_data["famille"].strip()
        foyer = Foyer.objects.select_related("titulaire").filter(numero__iexact=numero).first()
        if foyer is None:
            raise forms.ValidationError("Aucun compte famille ne porte ce numéro.")
        return foyer

    def clean_montant(self):
        try:
            return regie.lire_montant(self.cleaned_data["montant"])
        except ErreurFacturation as erreur:
            raise forms.ValidationError(erreur.messages[0]) from None

    def clean_jour(self):
        jour = self.cleaned_data.get("jour")
        if jour and jour > timezone.localdate():
            raise forms.ValidationError("Un encaissement ne se date pas dans le futur.")
        return jour

    def clean(self):
        donnees = super().clean()
        if donnees.get("mode") == Encaissement.Mode.CHEQUE:
            for champ in ("banque", "numero_piece"):
                if not (donnees.get(champ) or "").strip():
                    self.add_error(champ, "Obligatoire pour un chèque.")
        return donnees


def encaisser(request):
    _exiger(request, ENCAISSER)
    form = EncaissementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        operation = (
            regie.rembourser if d["sens"] == Encaissement.Sens.REMBOURSEMENT else regie.encaisser
        )
        try:
            encaissement = operation(
                request.user,
                foyer=d["famille"],
                structure_id=d["structure"].pk,
                montant=d["montant"],
                mode=d["mode"],
                jour=d["jour"],
                banque=d["banque"],
                numero_piece=d["numero_piece"],
            )
        except ErreurFacturation as erreur:
            form.add_error(None, erreur.messages[0])
        else:
            messages.success(
                request,
                f"Reçu {encaissement.reference} enregistré : {encaissement.get_sens_display().lower()}"
                f" de {encaissement.montant} € pour la famille {d['famille'].numero}.",
                buttons=[
                    messages.button(
                        reverse("regie_recu_pdf", args=[encaissement.pk]), "Imprimer le reçu"
                    )
                ],
            )
            return redirect(reverse("regie_encaisser"))
    return TemplateResponse(request, "facturation/admin/encaisser.html", {"form": form})


def recu_pdf(request, pk: int):
    _exiger(request, VOIR)
    encaissement = get_object_or_404(
        Encaissement.objects.select_related("foyer__titulaire", "structure"), pk=pk
    )
    contenu = template_vers_pdf(
        "facturation/pdf/recu.html",
        {
            "encaissement": encaissement,
            "foyer": encaissement.foyer,
            "structure": encaissement.structure,
            "regisseur": Regisseur.objects.filter(structure=encaissement.structure).first(),
        },
    )
    reponse = HttpResponse(contenu, content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="recu-{encaissement.reference}.pdf"'
    return reponse


class AnnulationForm(forms.Form):
    motif = forms.CharField(
        label="Motif de l'annulation",
        max_length=300,
        min_length=3,
        help_text="Il est conservé avec le reçu et votre nom.",
    )


def annuler(request, pk: int):
    _exiger(request, ANNULER)
    encaissement = get_object_or_404(Encaissement.objects.select_related("foyer"), pk=pk)
    form = AnnulationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            regie.annuler(request.user, encaissement.pk, form.cleaned_data["motif"])
        except ErreurFacturation as erreur:
            form.add_error(None, erreur.messages[0])
        else:
            messages.success(request, f"Le reçu {encaissement.reference} est annulé.")
            return redirect(reverse("wagtailsnippets_facturation_encaissement:list"))
    return TemplateResponse(
        request,
        "facturation/admin/annuler_encaissement.html",
        {"form": form, "encaissement": encaissement},
    )


# --- bordereau and totals -----------------------------------------------------------------


class BordereauForm(forms.Form):
    structure = forms.ModelChoiceField(label="Régie", queryset=Structure.objects.none())
    jour = forms.DateField(label="Jour", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.order_by("ordre", "nom")


def _valeurs_initiales(request, **defauts):
    donnees = request.GET.copy()
    premiere = Structure.objects.order_by("ordre", "nom").first()
    if "structure" not in donnees and premiere is not None:
        donnees["structure"] = str(premiere.pk)
    for cle, valeur in defauts.items():
        donnees.setdefault(cle, valeur)
    return donnees


def bordereau(request):
    _exiger(request, VOIR)
    form = BordereauForm(_valeurs_initiales(request, jour=timezone.localdate().isoformat()))
    contexte = {"form": form}
    if form.is_valid():
        structure = form.cleaned_data["structure"]
        contexte |= regie.bordereau(structure.pk, form.cleaned_data["jour"])
        contexte["structure"] = structure
        contexte["regisseur"] = Regisseur.objects.filter(structure=structure).first()
        if request.GET.get("format") == "pdf":
            reponse = HttpResponse(
                template_vers_pdf("facturation/pdf/bordereau.html", contexte),
                content_type="application/pdf",
            )
            reponse["Content-Disposition"] = (
                f'attachment; filename="bordereau-{form.cleaned_data["jour"]:%Y-%m-%d}.pdf"'
            )
            return reponse
    return TemplateResponse(request, "facturation/admin/bordereau.html", contexte)


class TotauxForm(forms.Form):
    structure = forms.ModelChoiceField(label="Régie", queryset=Structure.objects.none())
    du = forms.DateField(label="Du", widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label="Au", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.order_by("ordre", "nom")

    def clean(self):
        donnees = super().clean()
        du, au = donnees.get("du"), donnees.get("au")
        if du and au:
            if au < du:
                self.add_error("au", "La fin précède le début.")
            elif (au - du).days > 366:
                self.add_error("au", "Une année au plus à la fois.")
        return donnees


def _tableau_totaux(totaux) -> list[list]:
    lignes = [["Rubrique", "Libellé", "Montant (€)"]]
    lignes += [["Mode de paiement", m["libelle"], m["total"]] for m in totaux["modes"]]
    lignes.append(["Total encaissé", "", totaux["total"]])
    lignes.append(["Remboursements", "", totaux["remboursements"]])
    lignes += [["Service", s["service"], s["total"]] for s in totaux["services"]]
    lignes.append(["Service", "Non encore affecté (avance)", totaux["non_alloue"]])
    return lignes


def totaux(request):
    _exiger(request, VOIR)
    aujourdhui = timezone.localdate()
    form = TotauxForm(
        _valeurs_initiales(
            request, du=aujourdhui.replace(day=1).isoformat(), au=aujourdhui.isoformat()
        )
    )
    contexte = {"form": form}
    if form.is_valid():
        d = form.cleaned_data
        resultat = regie.totaux_periode(d["structure"].pk, d["du"], d["au"])
        contexte |= resultat
        nom = f"totaux-regie-{d['du']:%Y-%m-%d}-{d['au']:%Y-%m-%d}"
        format_ = request.GET.get("format")
        if format_ == "csv":
            tampon = io.StringIO()
            ecrivain = csv.writer(tampon, delimiter=";")
            for ligne in _tableau_totaux(resultat):
                ecrivain.writerow([neutraliser(str(v).replace(".", ",")) for v in ligne])
            reponse = HttpResponse("\ufeff" + tampon.getvalue(), content_type="text/csv")
            reponse["Content-Disposition"] = f'attachment; filename="{nom}.csv"'
            return reponse
        if format_ == "xlsx":
            from openpyxl import Workbook

            classeur = Workbook()
            feuille = classeur.active
            feuille.title = "Totaux"
            for ligne in _tableau_totaux(resultat):
                feuille.append([neutraliser(v) if isinstance(v, str) else v for v in ligne])
            tampon = io.BytesIO()
            classeur.save(tampon)
            reponse = HttpResponse(
                tampon.getvalue(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            reponse["Content-Disposition"] = f'attachment; filename="{nom}.xlsx"'
            return reponse
    return TemplateResponse(request, "facturation/admin/totaux.html", contexte)


# --- attestations fiscales ----------------------------------------------------------------


def attestation_pdf(request, pk: int):
    _exiger(request, "facturation.view_attestationfiscale")
    attestation = get_object_or_404(
        AttestationFiscale.objects.select_related("foyer__titulaire", "structure"), pk=pk
    )
    reponse = HttpResponse(attestations.pdf(attestation), content_type="application/pdf")
    reponse["Content-Disposition"] = (
        f'attachment; filename="attestation-{attestation.reference}.pdf"'
    )
    return reponse


class AnneeForm(forms.Form):
    annee = forms.IntegerField(label="Année des paiements", min_value=2000, max_value=2100)


def emettre_attestations(request):
    _exiger(request, "facturation.add_attestationfiscale")
    form = AnneeForm(request.POST or None, initial={"annee": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        annee = form.cleaned_data["annee"]
        try:
            nouvelles = attestations.emettre_annee(annee)
        except ErreurFacturation as erreur:
            form.add_error("annee", erreur.messages[0])
        else:
            messages.success(request, f"{nouvelles} nouvelle(s) attestation(s) pour {annee}.")
            return redirect(reverse("wagtailsnippets_facturation_attestationfiscale:list"))
    return TemplateResponse(request, "facturation/admin/emettre_attestations.html", {"form": form})


@hooks.register("register_admin_urls")
def urls():
    return [
        path("regie/encaisser/", encaisser, name="regie_encaisser"),
        path("regie/recu/<int:pk>/pdf/", recu_pdf, name="regie_recu_pdf"),
        path("regie/annuler/<int:pk>/", annuler, name="regie_annuler"),
        path("regie/bordereau/", bordereau, name="regie_bordereau"),
        path("regie/totaux/", totaux, name="regie_totaux"),
        path("regie/attestations/emettre/", emettre_attestations, name="regie_attestations"),
        path("regie/attestations/<int:pk>/pdf/", attestation_pdf, name="regie_attestation_pdf"),
    ]


# --- lists and menu -----------------------------------------------------------------------


class EncaissementIndexView(snippet_views.IndexView):
    def get_list_more_buttons(self, instance):
        boutons = super().get_list_more_buttons(instance) + [
            MenuItem(
                "Reçu (PDF)", reverse("regie_recu_pdf", args=[instance.pk]), icon_name="download"
            )
        ]
        if not instance.annule and self.request.user.has_perm(ANNULER):
            boutons.append(
                MenuItem("Annuler", reverse("regie_annuler", args=[instance.pk]), icon_name="undo")
            )
        return boutons


class EncaissementViewSet(SnippetViewSet):
    model = Encaissement
    icon = "doc-full"
    menu_label = "Encaissements et reçus"
    menu_order = 200
    menu_hook = MENU_REGIE
    index_view_class = EncaissementIndexView
    list_display = ["reference", "jour", "foyer", "sens", "mode", "montant", "annule_le"]
    list_filter = {
        "structure": ["exact"],
        "sens": ["exact"],
        "mode": ["exact"],
        "jour": ["gte", "lte"],
        "annule_le": ["isnull"],
    }
    list_export = [
        "annee",
        "numero",
        "jour",
        "foyer.numero",
        "structure.slug",
        "sens",
        "mode",
        "montant",
        "banque",
        "numero_piece",
        "annule_le",
        "motif_annulation",
    ]
    export_filename = "encaissements"
    search_fields = ["foyer__numero", "numero_piece"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Encaissement.objects.select_related("foyer", "structure")


class AttestationIndexView(snippet_views.IndexView):
    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + [
            MenuItem(
                "Télécharger le PDF",
                reverse("regie_attestation_pdf", args=[instance.pk]),
                icon_name="download",
            )
        ]


class AttestationViewSet(SnippetViewSet):
    model = AttestationFiscale
    icon = "doc-full-inverse"
    menu_label = "Attestations fiscales"
    menu_order = 500
    menu_hook = MENU_REGIE
    index_view_class = AttestationIndexView
    list_display = ["reference", "annee", "foyer", "structure", "total", "emise_le"]
    list_filter = {"structure": ["exact"], "annee": ["exact"]}
    list_export = ["annee", "numero", "foyer.numero", "structure.slug", "total", "emise_le"]
    export_filename = "attestations-fiscales"
    search_fields = ["foyer__numero"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return AttestationFiscale.objects.select_related("foyer__titulaire", "structure")


class RegisseurViewSet(SnippetViewSet):
    model = Regisseur
    icon = "user"
    menu_label = "Régisseurs"
    menu_order = 600
    menu_hook = MENU_REGIE
    list_display = ["nom", "qualite", "structure"]


def _lien(libelle, nom, icone, ordre, permission):
    class Lien(EntreeMenu):
        def is_shown(self, request) -> bool:
            return request.user.has_perm(permission)

    return Lien(libelle, reverse(nom), icon_name=icone, order=ordre)


@hooks.register(MENU_REGIE)
def menu_encaisser():
    return _lien("Encaisser ou rembourser", "regie_encaisser", "plus", 100, ENCAISSER)


@hooks.register(MENU_REGIE)
def menu_bordereau():
    return _lien("Bordereau du jour", "regie_bordereau", "list-ul", 300, VOIR)


@hooks.register(MENU_REGIE)
def menu_totaux():
    return _lien("Totaux pour la trésorerie", "regie_totaux", "table", 400, VOIR)


for _viewset in (EncaissementViewSet, AttestationViewSet, RegisseurViewSet):
    register_snippet(_viewset)
