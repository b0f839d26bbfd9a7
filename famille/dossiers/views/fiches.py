"""The fiches of the Dossier Famille: fiche famille, contacts, assurance, autorisations and
fiche santé, and the « Valider » of each after a recap of its content."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from ..forms import (
    AssuranceForm,
    AutorisationForm,
    ContactFormSet,
    FicheSanteForm,
    FoyerForm,
    ResponsableFormSet,
    verrouiller,
)
from ..models import Assurance, Autorisation, Contact, Enfant, FicheSante, Foyer
from ..services import campagne as svc
from ..services import historique
from .base import enfant_du_parent, foyer_du_parent

Fiche = svc.Fiche


def _contexte(request: HttpRequest, page, fiche: str, enfant: Enfant | None, **extra) -> dict:
    campagne = svc.campagne_courante()
    verrou = svc.champs_verrouilles(fiche, campagne)
    if fiche in svc.FICHES_ENFANT or fiche == Fiche.CONTACTS:
        enfants = [enfant] if enfant else list(svc.enfants_du_foyer(foyer_du_parent(request)))
        extra.setdefault(
            "changements_par_un_autre",
            historique.changements_par_un_autre(fiche, enfants, request.user),
        )
    return page.get_context(request) | {
        "sous_titre": svc.libelle_fiche(fiche, enfant),
        "section": fiche,
        "fiche": fiche,
        "enfant": enfant,
        "campagne": campagne,
        "en_campagne": svc.en_campagne(campagne),
        "lecture_seule": verrou is None,
        "verrouilles": verrou,
        **extra,
    }


def _lien(page, route_et_args: tuple[str, tuple]) -> str:
    route, args = route_et_args
    return page.url + page.reverse_subpage(route, args=args)


def _apres_enregistrement(
    request: HttpRequest, page, foyer: Foyer, fiche: str, enfant: Enfant | None, change: bool
) -> HttpResponse:
    """Saved: in the campaign, go to the recap to validate; otherwise stay on the fiche."""
    campagne = svc.campagne_courante()
    if change and campagne is not None:
        svc.apres_modification(svc.dossier_de(foyer, campagne), fiche, enfant)
    messages.success(
        request, f"La fiche « {svc.libelle_fiche(fiche, enfant)} » a bien été enregistrée."
    )
    if svc.en_campagne(campagne):
        return redirect(_lien(page, svc.route_validation(fiche, enfant)))
    return redirect(request.path)


def _refuser_si_lecture_seule(request: HttpRequest, verrou) -> bool:
    if request.method == "POST" and verrou is None:
        messages.error(
            request,
            "Le renouvellement est fermé : cette fiche ne peut plus être modifiée en ligne. "
            "Contactez le service Éducation pour signaler un changement.",
        )
        return True
    return False


def famille(request: HttpRequest, page) -> HttpResponse:
    foyer = foyer_du_parent(request)
    verrou = svc.champs_verrouilles(Fiche.FAMILLE, svc.campagne_courante())
    donnees = request.POST if request.method == "POST" else None
    form = FoyerForm(donnees, instance=foyer, prefix="foyer")
    responsables = ResponsableFormSet(
        donnees, instance=foyer, prefix="responsables", form_kwargs={"foyer": foyer}
    )
    verrouiller(verrou, form, responsables)
    if donnees is not None and not _refuser_si_lecture_seule(request, verrou):
        if all([form.is_valid(), responsables.is_valid()]):

            def sauvegarde():
                form.save()
                responsables.save()

            modification = historique.enregistrer(
                Fiche.FAMILLE, sauvegarde, auteur=request.user, foyer=foyer
            )
            return _apres_enregistrement(
                request, page, foyer, Fiche.FAMILLE, None, bool(modification)
            )
    return TemplateResponse(
        request,
        "dossiers/fiche_famille.html",
        _contexte(request, page, Fiche.FAMILLE, None, form=form, responsables=responsables),
    )


def contacts(request: HttpRequest, page) -> HttpResponse:
    foyer = foyer_du_parent(request)
    donnees = request.POST if request.method == "POST" else None
    enfants = list(svc.enfants_du_foyer(foyer))
    # The contacts of all the children in one query, not one per child's formset.
    existants: dict[int, list[Contact]] = {e.pk: [] for e in enfants}
    for contact in Contact.objects.filter(enfant__in=enfants):
        existants[contact.enfant_id].append(contact)
    formsets = [
        (
            enfant,
            ContactFormSet(
                donnees,
                instance=enfant,
                prefix=f"contacts-{enfant.pk}",
                existants=existants[enfant.pk],
            ),
        )
        for enfant in enfants
    ]
    if donnees is not None and all([fs.is_valid() for _, fs in formsets]):
        with transaction.atomic():
            modifications = [
                historique.enregistrer(
                    Fiche.CONTACTS, fs.save, auteur=request.user, foyer=foyer, enfant=enfant
                )
                for enfant, fs in formsets
            ]
        return _apres_enregistrement(request, page, foyer, Fiche.CONTACTS, None, any(modifications))
    return TemplateResponse(
        request,
        "dossiers/fiche_contacts.html",
        _contexte(request, page, Fiche.CONTACTS, None, formsets=formsets),
    )


def assurance(request: HttpRequest, page) -> HttpResponse:
    foyer = foyer_du_parent(request)
    campagne = svc.campagne_courante()
    if campagne is None:
        messages.info(request, "Aucune campagne de renouvellement n'est encore programmée.")
        return redirect(page.url)
    verrou = svc.champs_verrouilles(Fiche.ASSURANCE, campagne)
    donnees = request.POST if request.method == "POST" else None
    instance = Assurance.objects.filter(foyer=foyer, campagne=campagne).first()
    form = AssuranceForm(donnees, instance=instance, foyer=foyer, campagne=campagne)
    verrouiller(verrou, form)
    if donnees is not None and not _refuser_si_lecture_seule(request, verrou):
        if form.is_valid():
            modification = historique.enregistrer(
                Fiche.ASSURANCE, form.save, auteur=request.user, foyer=foyer, campagne=campagne
            )
            return _apres_enregistrement(
                request, page, foyer, Fiche.ASSURANCE, None, bool(modification)
            )
    return TemplateResponse(
        request,
        "dossiers/fiche_assurance.html",
        _contexte(request, page, Fiche.ASSURANCE, None, form=form),
    )


def _fiche_enfant(request, page, enfant_id: int, fiche: str, modele, form_class, template):
    foyer = foyer_du_parent(request)
    enfant = enfant_du_parent(request, enfant_id)
    donnees = request.POST if request.method == "POST" else None
    instance = modele.objects.filter(enfant=enfant).first()
    form = form_class(donnees, instance=instance, enfant=enfant)
    if donnees is not None and form.is_valid():
        modification = historique.enregistrer(
            fiche, form.save, auteur=request.user, foyer=foyer, enfant=enfant
        )
        return _apres_enregistrement(request, page, foyer, fiche, enfant, bool(modification))
    return TemplateResponse(request, template, _contexte(request, page, fiche, enfant, form=form))


def autorisations(request: HttpRequest, page, enfant_id: int) -> HttpResponse:
    return _fiche_enfant(
        request,
        page,
        enfant_id,
        Fiche.AUTORISATIONS,
        Autorisation,
        AutorisationForm,
        "dossiers/fiche_autorisations.html",
    )


def sante(request: HttpRequest, page, enfant_id: int) -> HttpResponse:
    return _fiche_enfant(
        request,
        page,
        enfant_id,
        Fiche.SANTE,
        FicheSante,
        FicheSanteForm,
        "dossiers/fiche_sante.html",
    )


def valider(request: HttpRequest, page, fiche: str, enfant_id: int | None = None) -> HttpResponse:
    """A recap of the fiche as saved, then « Valider »."""
    foyer = foyer_du_parent(request)
    if fiche not in Fiche.values or ((fiche in svc.FICHES_ENFANT) != (enfant_id is not None)):
        raise Http404("Fiche inconnue.")
    enfant = enfant_du_parent(request, enfant_id) if enfant_id is not None else None
    campagne = svc.campagne_courante()
    if campagne is None:
        raise Http404("Aucune campagne de renouvellement.")
    dossier = svc.dossier_de(foyer, campagne)
    if request.method == "POST":
        try:
            svc.valider_fiche(dossier, fiche, enfant, request.user)
        except ValidationError as erreur:
            for message in erreur.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, f"La fiche « {svc.libelle_fiche(fiche, enfant)} » est validée."
            )
            return redirect(page.url)
    if fiche == Fiche.CONTACTS:
        recapitulatif = [
            (e.prenom, historique.instantane(fiche, enfant=e).values())
            for e in svc.enfants_du_foyer(foyer)
        ]
    else:
        recapitulatif = [
            (
                "",
                historique.instantane(
                    fiche, foyer=foyer, enfant=enfant, campagne=campagne
                ).values(),
            )
        ]
    return TemplateResponse(
        request,
        "dossiers/valider_fiche.html",
        _contexte(
            request,
            page,
            fiche,
            enfant,
            recapitulatif=recapitulatif,
            problemes=svc.problemes_fiche(fiche, foyer, enfant, campagne),
            validation=svc.validation(dossier, fiche, enfant),
            url_fiche=_lien(page, svc.route_fiche(fiche, enfant)),
            titre_page=f"Vérifier et valider : {svc.libelle_fiche(fiche, enfant)}",
        ),
    )
