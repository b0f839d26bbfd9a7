"""Profil utilisateur, inside the Dossier Famille tab: password and e-mail addresses."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .. import adresses, services
from ..forms import ChangementMotDePasseForm, EmailsForm
from ..validators import regles

ACTION_MOT_DE_PASSE = "mot_de_passe"
ACTION_EMAILS = "emails"


def profil(request: HttpRequest, page) -> HttpResponse:
    compte = request.user
    # Only the titulaire of a Compte Famille has a profile here; staff use the admin.
    if getattr(compte, "foyer", None) is None:
        raise Http404("Aucun Compte Famille n'est lié à ce compte.")
    url_profil = page.url + page.reverse_subpage("profil")
    action = request.POST.get("action") if request.method == "POST" else None

    form_mdp = ChangementMotDePasseForm(
        compte, request.POST if action == ACTION_MOT_DE_PASSE else None, prefix="mdp"
    )
    form_emails = EmailsForm(
        compte,
        request.POST if action == ACTION_EMAILS else None,
        prefix="emails",
        initial={"emails": " ; ".join(adresses.adresses_actuelles(compte))},
    )

    if action == ACTION_MOT_DE_PASSE and form_mdp.is_valid():
        services.definir_mot_de_passe(
            compte, form_mdp.cleaned_data["nouveau_mot_de_passe"], request
        )
        # The parent stays logged in here; other sessions of the account end.
        update_session_auth_hash(request, compte)
        messages.success(request, "Le mot de passe a bien été enregistré")
        return redirect(url_profil)
    if action == ACTION_EMAILS and form_emails.is_valid():
        if adresses.changer_emails(compte, form_emails.cleaned_data["emails"], request):
            messages.success(
                request,
                "Vos adresses e-mail ont bien été enregistrées. Un avis a été envoyé aux "
                "adresses précédentes.",
            )
        else:
            messages.info(request, "Vos adresses e-mail n'ont pas changé.")
        return redirect(url_profil)

    return TemplateResponse(
        request,
        "comptes/profil.html",
        page.get_context(request)
        | {
            "sous_titre": "Profil utilisateur",
            "form_mdp": form_mdp,
            "form_emails": form_emails,
            "regles": regles(),
            "emails": adresses.adresses_actuelles(compte),
        },
    )
