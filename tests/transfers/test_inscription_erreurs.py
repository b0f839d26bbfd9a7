"""Bad rows of the school registration file: each error in French, with the row number and
the column, and nothing written when the file has errors."""

from __future__ import annotations

import datetime

import pytest
from donnees_transfers import CORRESPONDANCE_MAIRIE, LIGNES_MAIRIE, csv_excel

from famille.dossiers.models import Enfant, Foyer
from transfers.lecture import lire
from transfers.services import inscription, pilotage
from transfers.services.apercu import ERREUR
from transfers.tests_support import FichierEnvoye

AUJOURDHUI = datetime.date(2027, 6, 1)


def erreurs(lignes) -> list[list[str]]:
    tableau = lire("inscriptions.csv", csv_excel(lignes))
    plan = inscription.analyser(
        tableau.valeurs(CORRESPONDANCE_MAIRIE), CORRESPONDANCE_MAIRIE, aujourdhui=AUJOURDHUI
    )
    return [ligne.erreurs for ligne in plan.lignes]


def modifiee(index: int, **colonnes) -> list[str]:
    from donnees_transfers import ENTETES_MAIRIE

    ligne = list(LIGNES_MAIRIE[index])
    for entete, valeur in colonnes.items():
        ligne[ENTETES_MAIRIE.index(entete)] = valeur
    return ligne


def test_ligne_en_double(ecoles):
    resultat = erreurs([LIGNES_MAIRIE[0], LIGNES_MAIRIE[2], LIGNES_MAIRIE[0]])
    assert resultat[2] == [
        "Ligne 4 : cette ligne répète la ligne 2 (même enfant dans la même famille)."
    ]
    assert resultat[0] == resultat[1] == []


def test_date_de_naissance_dans_le_futur(ecoles):
    resultat = erreurs([modifiee(2, **{"Né(e) le": "12/05/2031"})])
    assert resultat[0] == [
        "Ligne 2, colonne « Né(e) le » : la date de naissance 12/05/2031 est dans le futur."
    ]


def test_date_illisible(ecoles):
    resultat = erreurs([modifiee(2, **{"Né(e) le": "31/02/2020"})])
    assert resultat[0] == [
        "Ligne 2, colonne « Né(e) le » : « 31/02/2020 » n'est pas une date au format jj/mm/aaaa."
    ]


def test_liste_d_e_mails_avec_une_adresse_invalide(ecoles):
    resultat = erreurs([modifiee(2, Courriel="lan.nguyen@exemple.fr; lan.nguyen@exemple")])
    assert resultat[0] == [
        "Ligne 2, colonne « Courriel » : l'adresse « lan.nguyen@exemple » n'est pas une "
        "adresse e-mail valide."
    ]


def erreurs_utf8(lignes) -> list[list[str]]:
    """Digits of other scripts do not exist in Windows-1252: such files are UTF-8."""
    tableau = lire("inscriptions.csv", csv_excel(lignes, encodage="utf-8", bom=True))
    plan = inscription.analyser(
        tableau.valeurs(CORRESPONDANCE_MAIRIE), CORRESPONDANCE_MAIRIE, aujourdhui=AUJOURDHUI
    )
    return [ligne.erreurs for ligne in plan.lignes]


@pytest.mark.parametrize("code", ["٣٣٦١٠", "３３６１０"])
def test_code_postal_en_autres_chiffres_refuse(ecoles, code):
    resultat = erreurs_utf8([modifiee(2, CP=code)])
    assert resultat[0] == [
        f"Ligne 2, colonne « CP » : « {code} » n'est pas un code postal : Le code postal compte "
        "5 chiffres de 0 à 9, par exemple 33610. Écrivez les chiffres avec les chiffres 0 à 9 "
        "du clavier français."
    ]


def test_code_postal_qui_n_en_est_pas_un_refuse(ecoles):
    resultat = erreurs([modifiee(2, CP="Cestas")])
    assert resultat[0] == [
        "Ligne 2, colonne « CP » : « Cestas » n'est pas un code postal : Le code postal compte "
        "5 chiffres de 0 à 9, par exemple 33610."
    ]


def test_code_postal_sans_son_zero_ou_avec_une_espace_corrige(ecoles):
    assert erreurs([modifiee(2, CP="1000"), modifiee(0, CP="33 610")]) == [[], []]


def test_telephone_en_chiffres_arabes_refuse(ecoles):
    resultat = erreurs_utf8([modifiee(2, **{"Tél. resp. 2": "٠٦١٢٣٤٥٦٧٨"})])
    assert resultat[0] == [
        "Ligne 2, colonne « Tél. resp. 2 » : « ٠٦١٢٣٤٥٦٧٨ » : Écrivez les chiffres avec les "
        "chiffres 0 à 9 du clavier français."
    ]


def test_cellule_d_e_mails_trop_longue_ou_trop_nombreuse(ecoles):
    six = "; ".join(f"parent{n}@exemple.fr" for n in range(6))
    tres_long = "a" * 990 + "@exemple.fr"
    resultat = erreurs([modifiee(2, Courriel=six), modifiee(0, Courriel=tres_long)])
    assert resultat == [
        ["Ligne 2, colonne « Courriel » : 5 adresses e-mail au plus (6 dans la cellule)."],
        ["Ligne 3, colonne « Courriel » : 1000 caractères au plus pour les adresses e-mail."],
    ]


def test_classe_inconnue_de_l_ecole(ecoles):
    resultat = erreurs([modifiee(2, Niveau="CM2")])  # a maternelle has no CM2
    assert resultat[0] == [
        "Ligne 2, colonne « Niveau » : la classe « CM2 » n'existe pas à l'école « École "
        "maternelle du Bourg » : créez-la ou associez-la à une classe existante en haut de "
        "l'aperçu."
    ]


def test_ecole_inconnue(ecoles):
    resultat = erreurs([modifiee(2, **{"Établissement": "École Jules-Ferry"})])
    assert resultat[0] == [
        "Ligne 2, colonne « Établissement » : l'école « École Jules-Ferry » n'existe pas dans "
        "le portail : créez-la ou associez-la à une école existante en haut de l'aperçu."
    ]


def test_valeur_obligatoire_vide_et_famille_incoherente(ecoles):
    ligne = modifiee(1, **{"Prénom élève": "", "Nom resp. 1": "Durand"})
    resultat = erreurs([LIGNES_MAIRIE[0], ligne])
    assert "Ligne 3, colonne « Prénom élève » : cette valeur est obligatoire." in resultat[1]
    resultat = erreurs([LIGNES_MAIRIE[0], modifiee(1, **{"Nom resp. 1": "Durand"})])
    assert resultat[1] == [
        "Ligne 3, colonne « Nom resp. 1 » : « Durand » diffère de la ligne 2 "
        "(« Lefèvre-Dupré ») pour la même famille."
    ]


def test_lien_inconnu(ecoles):
    resultat = erreurs([modifiee(2, **{"Qualité resp. 1": "Cousine"})])
    assert resultat[0] == [
        "Ligne 2, colonne « Qualité resp. 1 » : « Cousine » n'est pas un lien connu : "
        "indiquez Mère, Père, Tuteur ou Autre."
    ]


@pytest.mark.parametrize("seulement_valides", [False, True])
def test_fichier_avec_erreurs_rien_ou_seulement_les_lignes_valides(
    ecoles, education, seulement_valides
):
    lignes = [LIGNES_MAIRIE[0], modifiee(2, Niveau="CM2")]
    import_fichier = pilotage.televerser(
        "inscriptions", FichierEnvoye("i.csv", csv_excel(lignes)), education
    )
    pilotage.lancer_analyse(import_fichier, CORRESPONDANCE_MAIRIE, education)
    import_fichier.refresh_from_db()
    assert [ligne["a"] for ligne in import_fichier.apercu] == ["creation", ERREUR]

    if not seulement_valides:
        with pytest.raises(pilotage.FichierRefuse):
            pilotage.confirmer(import_fichier, seulement_valides=False)
        assert not Foyer.objects.exists()
        return
    pilotage.confirmer(import_fichier, seulement_valides=True)
    assert set(Foyer.objects.values_list("numero", flat=True)) == {"F2031", "F2031-2"}
    assert not Enfant.objects.filter(prenom="Anaïs").exists()


def test_latin1_lu_comme_utf8_ne_produit_pas_de_mojibake_dans_les_noms(ecoles, education):
    contenu = csv_excel(LIGNES_MAIRIE, encodage="latin-1")
    import_fichier = pilotage.televerser("inscriptions", FichierEnvoye("i.csv", contenu), education)
    pilotage.lancer_analyse(import_fichier, CORRESPONDANCE_MAIRIE, education)
    pilotage.confirmer(import_fichier, seulement_valides=False)
    titulaire = Foyer.objects.get(numero="F2031").titulaire
    assert (titulaire.first_name, titulaire.last_name) == ("Hélène", "Lefèvre-Dupré")
    assert set(Enfant.objects.values_list("prenom", flat=True)) == {"Zoé", "Noé", "Anaïs"}
