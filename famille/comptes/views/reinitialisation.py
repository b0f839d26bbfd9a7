"""« Réinitialiser votre mot de passe »: identifiant + e-mail, then a single-use link."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.cache import add_never_cache_headers

from .. import services
from ..forms import NouveauMotDePasseForm
from ..models import Evenement
from ..validators import regles


class DemandeReinitialisationForm(forms.Form):
    identifiant = forms.CharField(
        label="Identifiant",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    email = forms.EmailField(
        label="Adresse e-mail fournie au service Éducation",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": "Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr."
        },
    )


def demande(request: HttpRequest) -> HttpResponse:
    form = DemandeReinitialisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not services.demander_reinitialisation(
            form.cleaned_data["identifiant"], form.cleaned_data["email"], request
        ):
            return render(
                request,
                "comptes/reinitialisation_demande.html",
                {"form": form, "trop_de_demandes": True},
                status=429,
            )
        return redirect("comptes:reinitialisation_envoyee")
    return render(request, "comptes/reinitialisation_demande.html", {"form": form})


def envoyee(request: HttpRequest) -> HttpResponse:
    return render(request, "comptes/reinitialisation_envoyee.html")


class ReinitialisationForm(NouveauMotDePasseForm):
    """Django's reset view hands the account as `user`."""

    def __init__(self, user, *args, **kwargs) -> None:
        super().__init__(user, *args, **kwargs)

    def save(self, commit: bool = True):
        services.definir_mot_de_passe(self.compte, self.cleaned_data["nouveau_mot_de_passe"])
        return self.compte


class ConfirmationView(auth_views.PasswordResetConfirmView):
    form_class = ReinitialisationForm
    template_name = "comptes/reinitialisation_confirmation.html"
    success_url = reverse_lazy("comptes:connexion")
    post_reset_login = False

    def dispatch(self, *args, **kwargs) -> HttpResponse:
        # Django moves the token to the session and redirects to a URL without it, but the
        # link's URL stays in the access logs (ours, the load balancer's) with a token valid
        # for an hour: after its first hit, it opens nothing.
        jeton = kwargs.get("token", "")
        if jeton != self.reset_url_token and not services.premier_passage_du_lien(jeton):
            self.validlink = False
            reponse = self.render_to_response(self.get_context_data(form=None))
            add_never_cache_headers(reponse)
            return reponse
        return super().dispatch(*args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(**kwargs) | {"regles": regles()}

    def form_valid(self, form: ReinitialisationForm) -> HttpResponse:
        response = super().form_valid(form)
        services.journaliser(
            Evenement.Type.REINITIALISATION, compte=form.compte, request=self.request
        )
        services.debloquer_connexion(form.compte)
        messages.success(
            self.request, "Le mot de passe a bien été enregistré. Vous pouvez vous connecter."
        )
        return response
