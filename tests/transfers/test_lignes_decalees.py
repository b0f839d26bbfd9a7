"""Rows with more cells than the header: an unquoted multi-e-mail cell is repaired and said so;
any other surplus is refused with the reason in words, and the refused rows come back as a CSV
to fix and import again."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from donnees_transfers import CORRESPONDANCE_MAIRIE, ENTETES_MAIRIE, LIGNES_MAIRIE

from transfers.champs import CHAMPS_INSCRIPTION, multiples
from transfers.lecture import lire
from transfers.models import ImportFichier
from transfers.services import inscription
from transfers.tests_support import FichierEnvoye

AUJOURDHUI = datetime.date(2027, 6, 1)


def sans_guillemets(lignes, entetes=ENTETES_MAIRIE) -> bytes:
    """What some registration programs write: cells joined by « ; », never quoted."""
    texte = "\r\n".join(";".join(ligne) for ligne in [entetes, *lignes]) + "\r\n"
    return texte.encode("cp1252")


def modifiee(index: int, **colonnes) -> list[str]:
    ligne = list(LIGNES_MAIRIE[index])
    for entete, valeur in colonnes.items():
        ligne[ENTETES_MAIRIE.index(entete)] = valeur
    return ligne


def analyser(contenu: bytes):
    tableau = lire("inscriptions.csv", contenu)
    lignes = tableau.valeurs(CORRESPONDANCE_MAIRIE, multiples(CHAMPS_INSCRIPTION))
    return inscription.analyser(lignes, CORRESPONDANCE_MAIRIE, aujourdhui=AUJOURDHUI)


def test_cellule_multi_adresses_sans_guillemets_reparee_et_signalee(ecoles):
    plan = analyser(sans_guillemets([LIGNES_MAIRIE[0], LIGNES_MAIRIE[2]]))

    premiere = plan.lignes[0]
    assert premiere.erreurs == []
    assert premiere.remarques == [
        "Ligne 2 réparée : 24 cellules pour 23 colonnes (un point-virgule dans une cellule) ; "
        "les adresses « helene.lefevre@exemple.fr », « h.dupre@exemple.fr » sont réunies dans "
        "la colonne « Courriel »."
    ]
    famille = plan.foyers["f2031"]
    assert famille.compte["emails"] == "helene.lefevre@exemple.fr; h.dupre@exemple.fr"
    assert famille.champs["ville"] == "Cestas"
    # Every later column is back in place: the child's birth date, the second parent's town.
    assert plan.enfants[0].champs["date_naissance"] == datetime.date(2019, 3, 14)
    assert plan.foyers["f2031-2"].champs["ville"] == "Bordeaux"
    assert plan.lignes[1].remarques == [] and plan.lignes[1].erreurs == []


def test_cellule_en_trop_irreparable_refusee_avec_la_raison(ecoles):
    # A first name typed « Anaïs;Lou »: the surplus is not an e-mail address, nothing to guess.
    ligne = modifiee(2, **{"Prénom élève": "Anaïs;Lou"})

    plan = analyser(sans_guillemets([LIGNES_MAIRIE[0], ligne]))

    assert plan.lignes[1].erreurs == [
        "Ligne 3 : 24 cellules pour 23 colonnes : un point-virgule dans une cellule ? La ligne "
        "est refusée : mettez la cellule entre guillemets ou séparez ses valeurs par une "
        "virgule, puis importez-la de nouveau."
    ]  # and no nonsense such as « « Lou » n'est pas une date »
    assert "f2032" not in plan.foyers
    assert plan.lignes[0].erreurs == [] and "f2031" in plan.foyers


def test_surplus_possible_dans_deux_colonnes_d_adresses_refuse(ecoles):
    # Both e-mail columns hold several addresses: which one got the extra cell cannot be known.
    entetes = ["N° Famille", "Courriel", "Courriel resp. 2", "Nom resp. 1"]
    tableau = lire(
        "f.csv", sans_guillemets([["F1", "a@x.fr", "b@x.fr", "c@x.fr", "Roux"]], entetes)
    )
    correspondance = {
        "identifiant": "N° Famille",
        "emails": "Courriel",
        "resp2_emails": "Courriel resp. 2",
    }
    ((_numero, valeurs),) = tableau.valeurs(correspondance, ("emails", "resp2_emails"))
    assert valeurs["_anomalie"].repare is False
    assert "5 cellules pour 4 colonnes : un point-virgule dans une cellule ?" in (
        valeurs["_anomalie"].message
    )


def test_separateur_en_fin_de_chaque_ligne_n_est_pas_un_surplus(ecoles):
    plan = analyser(sans_guillemets([[*LIGNES_MAIRIE[2], ""]], entetes=[*ENTETES_MAIRIE, ""]))
    assert plan.lignes[0].erreurs == [] and plan.lignes[0].remarques == []


@pytest.fixture
def agent(client, education, ecoles, arbre):
    client.force_login(education)
    return client


def test_lignes_refusees_telechargeables_pour_excel(agent):
    ligne = modifiee(2, **{"Prénom élève": "Anaïs;Lou"})
    contenu = sans_guillemets([LIGNES_MAIRIE[0], LIGNES_MAIRIE[1], ligne])
    agent.post(
        reverse("transfers:televerser", args=["inscriptions"]),
        {"fichier": FichierEnvoye("inscriptions.csv", contenu)},
    )
    import_fichier = ImportFichier.objects.get()
    agent.post(reverse("transfers:correspondance", args=[import_fichier.pk]), CORRESPONDANCE_MAIRIE)
    apercu = agent.get(reverse("transfers:apercu", args=[import_fichier.pk])).content.decode()
    assert "24 cellules pour 23 colonnes : un point-virgule dans une cellule ?" in apercu
    assert "télécharger les lignes refusées (CSV)" in apercu

    reponse = agent.get(reverse("transfers:lignes_refusees", args=[import_fichier.pk]))

    assert reponse["Content-Type"].startswith("text/csv")
    assert reponse.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads accents
    lignes = list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert lignes[0] == ["Motif du refus", *ENTETES_MAIRIE]
    assert len(lignes) == 2  # only the refused row
    assert lignes[1][0].startswith("Ligne 4 : 24 cellules pour 23 colonnes")
    assert lignes[1][1:] == ligne[:10] + ["Anaïs", "Lou"] + ligne[11:]


def test_lignes_refusees_reservees_aux_agents_autorises(client, regie, education, ecoles):
    client.force_login(education)
    client.post(
        reverse("transfers:televerser", args=["inscriptions"]),
        {"fichier": FichierEnvoye("inscriptions.csv", sans_guillemets(LIGNES_MAIRIE))},
    )
    import_fichier = ImportFichier.objects.get()
    client.force_login(regie)
    reponse = client.get(reverse("transfers:lignes_refusees", args=[import_fichier.pk]))
    assert reponse.status_code == 302 and reponse["Location"] == reverse("wagtailadmin_home")
