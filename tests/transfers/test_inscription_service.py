"""The school registration import as a service: what it creates, and that doing it twice
changes nothing."""

from __future__ import annotations

import datetime

from donnees_transfers import CORRESPONDANCE_MAIRIE, LIGNES_MAIRIE, csv_excel

from famille.comptes.models import Compte
from famille.dossiers.models import Enfant, Foyer, Garde, ResponsableLegal
from transfers.lecture import lire
from transfers.services import inscription, inscription_ecriture


def analyser(contenu: bytes, nom: str = "inscriptions.csv"):
    tableau = lire(nom, contenu)
    return inscription.analyser(tableau.valeurs(CORRESPONDANCE_MAIRIE), CORRESPONDANCE_MAIRIE)


def test_cree_familles_enfants_responsables_et_second_foyer(ecoles):
    plan = analyser(csv_excel(LIGNES_MAIRIE))
    assert [ligne.action for ligne in plan.lignes] == ["creation"] * 3
    assert plan.lignes[0].details[0] == "Compte famille F2031 créé pour Hélène Lefèvre-Dupré"
    assert Foyer.objects.count() == 0  # the analysis writes nothing

    comptes = inscription_ecriture.ecrire(plan)

    assert len(comptes) == 3  # F2031, its separated second foyer F2031-2, F2032
    foyer = Foyer.objects.get(numero="F2031")
    assert foyer.titulaire.get_full_name() == "Hélène Lefèvre-Dupré"
    assert foyer.titulaire.emails == "helene.lefevre@exemple.fr; h.dupre@exemple.fr"
    assert foyer.titulaire.email == "helene.lefevre@exemple.fr"
    assert foyer.titulaire.mot_de_passe_initial
    assert not foyer.titulaire.has_usable_password()  # the letter gives the password
    assert list(foyer.titulaire.structures.values_list("slug", flat=True)) == ["periscolaire"]
    assert (foyer.adresse, foyer.code_postal, foyer.ville) == (
        "12 allée des Pins",
        "33610",
        "Cestas",
    )
    zoe = Enfant.objects.get(prenom="Zoé")
    assert zoe.date_naissance == datetime.date(2019, 3, 14)
    assert (zoe.ecole.nom, zoe.classe.nom, zoe.sexe) == ("École élémentaire du Parc", "CP", "F")
    second = Foyer.objects.get(numero="F2031-2")
    assert second.titulaire.get_full_name() == "Marc Dupré"
    assert (second.adresse, second.ville) == ("3 rue des Écoles", "Bordeaux")
    assert set(Garde.objects.filter(enfant=zoe).values_list("foyer__numero", "regle")) == {
        ("F2031", "toujours"),
        ("F2031-2", "toujours"),
    }
    marc = ResponsableLegal.objects.get(foyer=foyer, prenom="Marc")
    assert marc.lien == "pere" and marc.adresse == "3 rue des Écoles 33000 Bordeaux"
    assert set(marc.enfants.values_list("prenom", flat=True)) == {"Zoé", "Noé"}
    famille_unie = Foyer.objects.get(numero="F2032")
    assert list(famille_unie.responsables.order_by("prenom").values_list("prenom", flat=True)) == [
        "Minh",
        "Thi-Lan",
    ]
    assert not Foyer.objects.filter(numero="F2032-2").exists()


def test_reimporter_le_meme_fichier_ne_change_rien(ecoles):
    contenu = csv_excel(LIGNES_MAIRIE)
    inscription_ecriture.ecrire(analyser(contenu))
    avant = (
        Compte.objects.count(),
        Enfant.objects.count(),
        Garde.objects.count(),
        ResponsableLegal.objects.count(),
        ResponsableLegal.enfants.through.objects.count(),
    )

    plan = analyser(contenu)

    assert [ligne.action for ligne in plan.lignes] == ["inchange"] * 3
    assert inscription_ecriture.ecrire(plan) == []
    assert avant == (
        Compte.objects.count(),
        Enfant.objects.count(),
        Garde.objects.count(),
        ResponsableLegal.objects.count(),
        ResponsableLegal.enfants.through.objects.count(),
    )


def test_une_famille_existante_est_mise_a_jour_et_reconnue_sans_casse(ecoles):
    inscription_ecriture.ecrire(analyser(csv_excel(LIGNES_MAIRIE)))
    lignes = [list(LIGNES_MAIRIE[2])]
    lignes[0][0] = "f2032"  # typed in lower case this year
    lignes[0][4] = "7 chemin de l'Église"
    lignes[0][14] = "GS"

    plan = analyser(csv_excel(lignes))

    assert plan.lignes[0].action == "modification"
    assert plan.lignes[0].details == [
        "Compte famille f2032 modifié : adresse « 5 chemin de l'Église » → « 7 chemin de "
        "l'Église »",
        "Enfant Anaïs Nguyen modifié : classe « MS » → « GS »",
    ]
    inscription_ecriture.ecrire(plan)
    foyer = Foyer.objects.get(numero="F2032")
    assert foyer.adresse == "7 chemin de l'Église"
    assert Enfant.objects.get(prenom="Anaïs").classe.nom == "GS"
    assert Foyer.objects.count() == 3
