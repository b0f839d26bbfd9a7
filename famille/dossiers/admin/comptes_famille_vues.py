"""Views of the Comptes famille admin that are not plain model editing: creating an account
(the initial password is shown once), the second parent's account, the letters bulk action."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import classproperty
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from famille.comptes import lettres

from ..models import Foyer
from ..services.comptes_famille import creer_compte_famille, creer_compte_second_parent
from .comptes_famille_formulaires import CompteFamilleForm, CourriersForm, SecondParentForm

GABARITS = "dossiers/admin/comptes_famille/"
PERMISSION_CREATION = "dossiers.add_foyer"
PERMISSION_COURRIERS = "dossiers.change_foyer"


def url_liste() -> str:
    return reverse("wagtailsnippets_dossiers_foyer:list")


def reponse_avec_mot_de_passe(request: HttpRequest, foyer: Foyer, mot_de_passe: str, titre: str):
    """The only page that ever shows the initial password: never cached, never stored."""
    reponse = TemplateResponse(
        request,
        GABARITS + "compte_cree.html",
        {
            "page_title": titre,
            "header_icon": "group",
            "foyer": foyer,
            "identifiant": foyer.titulaire.username,
            "mot_de_passe": mot_de_passe,
            "url_liste": url_liste(),
            "url_courrier": url_courriers([foyer.pk]),
            "breadcrumbs_items": [{"url": url_liste(), "label": "Comptes famille"}],
        },
    )
    add_never_cache_headers(reponse)
    reponse["Cache-Control"] += ", no-store"
    return reponse


class CreationCompteFamilleView(WagtailAdminTemplateMixin, FormView):
    form_class = CompteFamilleForm
    template_name = GABARITS + "formulaire.html"
    page_title = "Nouveau compte famille"
    header_icon = "group"
    viewset = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION_CREATION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [{"url": url_liste(), "label": "Comptes famille"}, {"label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            bouton="Créer le compte et afficher le mot de passe", **kwargs
        )

    def form_valid(self, form):
        try:
            cree = creer_compte_famille(**form.arguments_du_service())
        except ValidationError as erreur:
            form.ajouter_erreurs(erreur)
            return self.form_invalid(form)
        return reponse_avec_mot_de_passe(
            self.request, cree.foyer, cree.mot_de_passe_initial, "Compte famille créé"
        )


class SecondParentView(CreationCompteFamilleView):
    """« Créer le compte du second parent »: separated parents not living at the same address
    each get an own Compte Famille on the same children, on request to the Education service."""

    form_class = SecondParentForm
    page_title = "Créer le compte du second parent"

    def dispatch(self, request, *args, **kwargs):
        self.foyer = get_object_or_404(Foyer.objects.select_related("titulaire"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.foyer)

    def get_initial(self):
        return {"structures": list(self.foyer.titulaire.structures.all())}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bouton"] = "Créer le compte du second parent"
        context["foyer"] = self.foyer
        context["enfants"] = list(self.foyer.enfants.all())
        return context

    def form_valid(self, form):
        try:
            cree = creer_compte_second_parent(self.foyer, **form.arguments_du_service())
        except ValidationError as erreur:
            form.ajouter_erreurs(erreur)
            return self.form_invalid(form)
        return reponse_avec_mot_de_passe(
            self.request, cree.foyer, cree.mot_de_passe_initial, "Compte du second parent créé"
        )


def url_courriers(ids: list[int]) -> str:
    base = reverse("wagtail_bulk_action", args=("dossiers", "foyer", "courriers"))
    return base + "?" + "&".join(f"id={pk}" for pk in ids)


class CourriersBulkAction(SnippetBulkAction):
    """Letters for one family or a selection: a PDF to print, or one e-mail per family."""

    display_name = "Courriers d'identifiants"
    action_type = "courriers"
    aria_label = "Produire les courriers d'identifiants des comptes sélectionnés"
    template_name = GABARITS + "courriers.html"
    action_priority = 20
    form_class = CourriersForm
    # Read by famille.comptes.garde_admin before the view; checked again in dispatch.
    permission_requise = "change"  # PERMISSION_COURRIERS, on Foyer

    @classproperty
    def models(cls):
        return [Foyer]

    def dispatch(self, request, *args, **kwargs):
        # The confirmation page lists the selected families: only for who may produce them.
        if not request.user.has_perm(PERMISSION_COURRIERS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, foyer: Foyer) -> bool:
        return self.request.user.has_perm(PERMISSION_COURRIERS)

    def get_queryset(self, model, object_ids):
        return list(Foyer.objects.filter(pk__in=object_ids).select_related("titulaire"))

    def prepare_action(self, objects, objects_without_access):
        if not objects:
            raise PermissionDenied
        comptes = [foyer.titulaire for foyer in objects]
        if self.cleaned_form.cleaned_data["mode"] == "pdf":
            if len(comptes) > lettres.SEUIL_IMMEDIAT:
                lot = lettres.programmer_lot(comptes, self.request.user)
                return redirect("dossiers_lot_courriers", lot.pk)
            pdf = lettres.courriers_pdf(comptes, auteur=self.request.user)
            reponse = HttpResponse(pdf, content_type="application/pdf")
            reponse["Content-Disposition"] = 'attachment; filename="courriers-identifiants.pdf"'
            add_never_cache_headers(reponse)
            return reponse
        envoyes, sans_adresse = lettres.programmer_envois(comptes, auteur=self.request.user)
        message = f"{envoyes} courrier(s) d'identifiants en cours d'envoi par e-mail."
        if sans_adresse:
            message += f" {sans_adresse} compte(s) sans adresse e-mail : imprimez leur courrier."
            messages.warning(self.request, message)
        else:
            messages.success(self.request, message)
        self.envoyes = envoyes

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return len(objects), 0
