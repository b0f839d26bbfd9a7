"""Login, logout and the first login as the memo describes it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from wagtail.admin.views import account

from .. import services
from ..forms import ConnexionForm, ConsentementsForm, NouveauMotDePasseForm
from ..validators import regles


class ConnexionView(auth_views.LoginView):
    template_name = "comptes/connexion.html"
    authentication_form = ConnexionForm
    redirect_authenticated_user = True

    def form_valid(self, form: ConnexionForm) -> HttpResponse:
        response = super().form_valid(form)
        compte = form.get_user()
        # Steps are checked afresh at each login: a new RGPD or CGU version is asked now.
        self.request.session.pop(services.SESSION_ETAPES_FAITES, None)
        if compte.is_staff and not hasattr(compte, "foyer"):
            return redirect("wagtailadmin_home")
        etape = services.etape_premiere_connexion(compte)
        if etape is not None:
            return redirect(f"comptes:premiere_connexion_{etape}")
        # Checked just now: the next page does not check again (PremiereConnexionMiddleware).
        self.request.session[services.SESSION_ETAPES_FAITES] = compte.pk
        return response


@require_POST
def deconnexion(request: HttpRequest) -> HttpResponse:
    # The journal entry is written by the user_logged_out signal (signals.py), for every logout.
    connecte = request.user.is_authenticated
    reponse = auth_views.LogoutView.as_view(next_page="/")(request)
    if connecte:
        # After the session is flushed: the message travels in the messages cookie.
        messages.info(request, "Vous êtes déconnecté du Portail Famille. À bientôt !")
    return reponse


class DeconnexionAdmin(account.LogoutView):
    """Wagtail's logout, also for a GET (a typed or bookmarked /admin/logout/): Django's
    LogoutView answers 405 to a GET, and Wagtail still drops the cookie, which left the
    session alive on the server for whoever had copied the cookie."""

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return self.post(request, *args, **kwargs)


@login_required
def premiere_connexion_mot_de_passe(request: HttpRequest) -> HttpResponse:
    compte = request.user
    if not compte.mot_de_passe_initial:
        return redirect("comptes:premiere_connexion_consentements")
    form = NouveauMotDePasseForm(compte, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.definir_mot_de_passe(compte, form.cleaned_data["nouveau_mot_de_passe"], request)
        update_session_auth_hash(request, compte)
        return redirect("comptes:premiere_connexion_enregistre")
    return render(
        request,
        "comptes/premiere_connexion_mot_de_passe.html",
        {"form": form, "regles": regles()},
    )


@login_required
def premiere_connexion_enregistre(request: HttpRequest) -> HttpResponse:
    if request.user.mot_de_passe_initial:
        return redirect("comptes:premiere_connexion_mot_de_passe")
    return render(request, "comptes/premiere_connexion_enregistre.html")


@login_required
def premiere_connexion_consentements(request: HttpRequest) -> HttpResponse:
    compte = request.user
    if compte.mot_de_passe_initial:
        return redirect("comptes:premiere_connexion_mot_de_passe")
    documents = services.documents_a_accepter(compte)
    if not documents:
        return redirect("/")
    form = ConsentementsForm(documents, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.enregistrer_consentements(compte, documents, request)
        messages.success(request, "Merci, votre compte est prêt.")
        request.session[services.SESSION_SUITE_PREMIERE_CONNEXION] = True
        return redirect("/")
    return render(
        request,
        "comptes/premiere_connexion_consentements.html",
        {"form": form, "documents": documents},
    )


__all__ = [
    "ConnexionView",
    "DeconnexionAdmin",
    "deconnexion",
    "premiere_connexion_consentements",
    "premiere_connexion_enregistre",
    "premiere_connexion_mot_de_passe",
]
