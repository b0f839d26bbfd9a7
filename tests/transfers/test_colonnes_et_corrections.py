"""Column mapping of the headers towns really write, the columns an import would lose, a
whole address in one cell, and a re-import that corrects a spelling (old → new)."""

from __future__ import annotations

import datetime

from donnees_transfers import CORRESPONDANCE_MAIRIE, ENTETES_MAIRIE, LIGNES_MAIRIE, csv_excel

from famille.comptes.models import Compte
from famille.dossiers.models import Enfant, Foyer, ResponsableLegal
from transfers.champs import CHAMPS_INSCRIPTION, colonnes_oubliees, proposer_correspondance
from transfers.lecture import lire
from transfers.services import inscription, inscription_ecriture

AUJOURDHUI = datetime.date(2027, 6, 1)


def analyser(lignes, entetes=ENTETES_MAIRIE, correspondance=CORRESPONDANCE_MAIRIE):
    tableau = lire("inscriptions.csv", csv_excel(lignes, entetes=entetes))
    return inscription.analyser(
        tableau.valeurs(correspondance), correspondance, aujourdhui=AUJOURDHUI
    )


def test_variantes_courantes_des_en_tetes_reconnues():
    entetes = [
        "N° famille",
        "Courriel(s)",
        "E-mail(s) resp. 2",
        "Adresse resp. 2 (si différente)",
        "Né(e) le",
    ]
    proposition = proposer_correspondance(CHAMPS_INSCRIPTION, entetes)
    assert proposition["emails"] == "Courriel(s)"
    assert proposition["resp2_emails"] == "E-mail(s) resp. 2"
    assert proposition["resp2_adresse"] == "Adresse resp. 2 (si différente)"
    assert proposition["enfant_date_naissance"] == "Né(e) le"
    assert proposer_correspondance(CHAMPS_INSCRIPTION, ["Mail"]) == {"emails": "Mail"}
    assert proposer_correspondance(CHAMPS_INSCRIPTION, ["Adresse mail parent 2"]) == {
        "resp2_emails": "Adresse mail parent 2"
    }


def test_colonnes_d_adresses_non_associees_signalees():
    entetes = [*ENTETES_MAIRIE, "Mail 2", "Divers"]
    lignes = [(2, [*LIGNES_MAIRIE[0], "autre@exemple.fr", "x"])]
    correspondance = {
        k: v for k, v in CORRESPONDANCE_MAIRIE.items() if k not in ("emails", "resp2_adresse")
    }

    avertissements = colonnes_oubliees(CHAMPS_INSCRIPTION, entetes, correspondance, lignes)

    assert avertissements == [
        "La colonne « Courriel » contient des adresses e-mail mais n'est associée à aucune "
        "information : elles ne seront pas importées.",
        "La colonne « Adresse resp. 2 » semble contenir l'adresse du second responsable mais "
        "n'est associée à aucune information : aucun second compte famille ne sera créé pour "
        "les parents séparés.",
        "La colonne « Mail 2 » contient des adresses e-mail mais n'est associée à aucune "
        "information : elles ne seront pas importées.",
    ]
    assert colonnes_oubliees(CHAMPS_INSCRIPTION, ENTETES_MAIRIE, CORRESPONDANCE_MAIRIE) == []


def test_adresse_du_second_parent_en_une_cellule_decoupee(ecoles):
    ligne = list(LIGNES_MAIRIE[0])
    i = ENTETES_MAIRIE.index
    ligne[i("Adresse resp. 2")] = "12 rue X, 33610 Cestas"
    ligne[i("CP resp. 2")] = ligne[i("Commune resp. 2")] = ""

    plan = analyser([ligne])

    assert plan.lignes[0].erreurs == []
    second = plan.foyers["f2031-2"]
    assert second.champs == {
        "adresse": "12 rue X",
        "code_postal": "33610",
        "ville": "Cestas",
        "telephone": "06 98 76 54 32",
    }


def test_reimport_qui_corrige_l_orthographe_met_tout_a_jour(ecoles):
    inscription_ecriture.ecrire(analyser(LIGNES_MAIRIE[:2]))
    i = ENTETES_MAIRIE.index
    corrigees = []
    for ligne in LIGNES_MAIRIE[:2]:
        ligne = list(ligne)
        ligne[i("Prénom resp. 1")] = "Hélèna"  # the titulaire's first name, misspelt last year
        ligne[i("Nom resp. 2")] = "Duprez"  # the second parent's name
        ligne[i("Prénom élève")] = ligne[i("Prénom élève")].replace("Zoé", "Zoë")
        corrigees.append(ligne)

    plan = analyser(corrigees)

    details = plan.lignes[0].details
    assert "Compte famille F2031 modifié : prénom « Hélène » → « Hélèna »" in details
    assert "Enfant Zoë Lefèvre-Dupré modifié : prénom « Zoé » → « Zoë »" in details
    assert (
        "Responsable légal Hélèna Lefèvre-Dupré du compte famille F2031 modifié : "
        "prénom « Hélène » → « Hélèna »"
    ) in details
    assert (
        "Responsable légal Marc Duprez du compte famille F2031 modifié : nom « Dupré » → « Duprez »"
    ) in details
    assert "Compte famille F2031-2 modifié : nom « Dupré » → « Duprez »" in details
    assert plan.statistiques()["comptes créés"] == 0
    assert plan.statistiques()["enfants créés"] == 0

    inscription_ecriture.ecrire(plan)

    assert Compte.objects.get(username="F2031").first_name == "Hélèna"
    assert Compte.objects.get(username="F2031-2").last_name == "Duprez"
    assert Enfant.objects.filter(prenom="Zoë").count() == 1
    assert not Enfant.objects.filter(prenom="Zoé").exists()
    assert set(
        ResponsableLegal.objects.filter(foyer__numero="F2031").values_list("prenom", "nom")
    ) == {("Hélèna", "Lefèvre-Dupré"), ("Marc", "Duprez")}
    assert Foyer.objects.count() == 2 and Enfant.objects.count() == 2
    # Imported again, the corrected file changes nothing more.
    assert {ligne.action for ligne in analyser(corrigees).lignes} == {"inchange"}


def test_un_autre_prenom_n_est_pas_une_correction(ecoles):
    inscription_ecriture.ecrire(analyser([LIGNES_MAIRIE[2]]))
    ligne = list(LIGNES_MAIRIE[2])
    ligne[ENTETES_MAIRIE.index("Prénom resp. 2")] = "Paul"  # a new guardian, not Minh misspelt

    plan = analyser([ligne])

    assert plan.statistiques()["responsables légaux ajoutés"] == 1
    assert plan.statistiques()["responsables légaux modifiés"] == 0
