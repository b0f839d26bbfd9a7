from django.urls import path

from .views import connexion, reinitialisation, structures

app_name = "comptes"

urlpatterns = [
    path("connexion/", connexion.ConnexionView.as_view(), name="connexion"),
    path("deconnexion/", connexion.deconnexion, name="deconnexion"),
    path(
        "premiere-connexion/mot-de-passe/",
        connexion.premiere_connexion_mot_de_passe,
        name="premiere_connexion_mot_de_passe",
    ),
    path(
        "premiere-connexion/enregistre/",
        connexion.premiere_connexion_enregistre,
        name="premiere_connexion_enregistre",
    ),
    path(
        "premiere-connexion/consentements/",
        connexion.premiere_connexion_consentements,
        name="premiere_connexion_consentements",
    ),
    path("mot-de-passe-oublie/", reinitialisation.demande, name="reinitialisation"),
    path("mot-de-passe-oublie/envoye/", reinitialisation.envoyee, name="reinitialisation_envoyee"),
    path(
        "reinitialiser/<uidb64>/<token>/",
        reinitialisation.ConfirmationView.as_view(),
        name="reinitialisation_confirmation",
    ),
    path("structure/", structures.choisir, name="choisir_structure"),
]
