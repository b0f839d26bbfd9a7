from django.urls import path

from .views import exports, historique, imports

app_name = "transfers"

urlpatterns = [
    path("", imports.accueil, name="accueil"),
    path("importer/<str:type_>/", imports.televerser, name="televerser"),
    path("importer/<str:type_>/modele.<str:format>", imports.modele, name="modele"),
    path("imports/<int:pk>/colonnes/", imports.correspondance, name="correspondance"),
    path("imports/<int:pk>/", imports.apercu, name="apercu"),
    path("imports/<int:pk>/confirmer/", imports.confirmer, name="confirmer"),
    path("imports/<int:pk>/lignes-refusees.csv", imports.lignes_refusees, name="lignes_refusees"),
    path("imports/<int:pk>/ecoles/", imports.ecoles_inconnues, name="ecoles_inconnues"),
    path("imports/<int:pk>/annuler/", imports.annuler, name="annuler"),
    path("imports/<int:pk>/identifiants/", imports.identifiants, name="identifiants"),
    path("historique/", historique.index, name="historique"),
    path("exports/", exports.index, name="exports"),
    path("exports/<str:cle>/", exports.telecharger, name="telecharger"),
]
