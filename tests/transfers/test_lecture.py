"""Files as towns really have them: French Excel CSV, encodings, spaces, empty lines, wrong
files. Each case names what staff would see."""

from __future__ import annotations

import datetime
import io

import pytest
from donnees_transfers import CORRESPONDANCE_MAIRIE, ENTETES_MAIRIE, LIGNES_MAIRIE, csv_excel
from openpyxl import Workbook

from transfers.champs import CHAMPS_INSCRIPTION, proposer_correspondance
from transfers.lecture import FichierRefuse, lire


def test_csv_excel_francais_windows_1252():
    tableau = lire("inscriptions.csv", csv_excel(LIGNES_MAIRIE, encodage="cp1252"))
    assert tableau.encodage == "windows-1252"
    assert tableau.entetes[:3] == ["N° Famille", "Nom resp. 1", "Prénom resp. 1"]
    numero, cellules = tableau.lignes[0]
    assert numero == 2
    assert cellules[1] == "Lefèvre-Dupré"  # the trailing space is gone
    assert cellules[10] == "Zoé"


def test_csv_utf8_avec_bom():
    tableau = lire("inscriptions.csv", csv_excel(LIGNES_MAIRIE, encodage="utf-8", bom=True))
    assert tableau.encodage == "utf-8-sig"
    assert tableau.entetes[0] == "N° Famille"  # no BOM glued to the first header
    assert tableau.lignes[0][1][2] == "Hélène"


def test_fichier_latin1_lu_sans_mojibake():
    contenu = csv_excel(LIGNES_MAIRIE, encodage="latin-1")
    with pytest.raises(UnicodeDecodeError):
        contenu.decode("utf-8")  # what a naive reader would try
    tableau = lire("inscriptions.csv", contenu)
    noms = [cellules[1] for _n, cellules in tableau.lignes]
    assert noms[0] == "Lefèvre-Dupré"
    assert not any("Ã" in nom or "\ufffd" in nom for nom in noms)


def test_lignes_vides_ignorees_et_numeros_de_ligne_conserves():
    lignes = [LIGNES_MAIRIE[0], [""] * len(ENTETES_MAIRIE), LIGNES_MAIRIE[2]]
    tableau = lire("inscriptions.csv", csv_excel(lignes))
    assert [numero for numero, _ in tableau.lignes] == [2, 4]


def test_trente_mille_lignes_vides():
    contenu = csv_excel(LIGNES_MAIRIE, vides=30_000)
    tableau = lire("inscriptions.csv", contenu)
    assert len(tableau.lignes) == 3


def test_xlsx_avec_dates_excel():
    classeur = Workbook()
    feuille = classeur.active
    feuille.append(ENTETES_MAIRIE)
    ligne = list(LIGNES_MAIRIE[2])
    ligne[11] = datetime.datetime(2020, 11, 30)
    ligne[5] = 33610  # Excel turns postcodes into numbers
    feuille.append(ligne)
    feuille.append([None] * len(ENTETES_MAIRIE))
    sortie = io.BytesIO()
    classeur.save(sortie)
    tableau = lire("inscriptions.xlsx", sortie.getvalue())
    _numero, cellules = tableau.lignes[0]
    assert cellules[11] == datetime.date(2020, 11, 30)
    assert cellules[5] == "33610"
    assert len(tableau.lignes) == 1


@pytest.mark.parametrize(
    "nom,contenu,message",
    [
        ("inscriptions.pdf", b"%PDF-1.7 ...", "seuls les fichiers CSV (.csv) et Excel (.xlsx)"),
        ("inscriptions.xls", b"\xd0\xcf\x11\xe0", "Les fichiers .xls (Excel 97-2003)"),
        ("inscriptions.xlsx", b"N;Nom\r\n1;A\r\n", "n'est pas un classeur Excel"),
        ("inscriptions.csv", b"PK\x03\x04\x14\x00binaire", "n'est pas un fichier texte CSV"),
        ("inscriptions.csv", b"", "Le fichier est vide."),
        ("inscriptions.csv", b"\r\n;;;\r\n\r\n", "aucune ligne"),
    ],
)
def test_fichiers_refuses(nom, contenu, message):
    with pytest.raises(FichierRefuse) as exc:
        lire(nom, contenu)
    assert message in str(exc.value)


def test_fichier_de_plus_de_10_mo_refuse():
    contenu = csv_excel(LIGNES_MAIRIE) + b" " * (10 * 1024 * 1024)
    with pytest.raises(FichierRefuse) as exc:
        lire("inscriptions.csv", contenu)
    assert "la taille maximale est de 10 Mo" in str(exc.value)


def test_correspondance_proposee_depuis_les_entetes_de_la_mairie():
    assert proposer_correspondance(CHAMPS_INSCRIPTION, ENTETES_MAIRIE) == CORRESPONDANCE_MAIRIE


def test_la_derniere_correspondance_passe_avant_les_noms_ressemblants():
    entetes = ["Famille", "Nom", "Prénom", "Enfant", "Prénom enfant", "Date de naissance"]
    derniere = {"identifiant": "Famille", "enfant_nom": "Enfant", "titulaire_nom": "Nom"}
    proposition = proposer_correspondance(CHAMPS_INSCRIPTION, entetes, derniere)
    assert proposition["identifiant"] == "Famille"
    assert proposition["enfant_nom"] == "Enfant"
    assert proposition["enfant_prenom"] == "Prénom enfant"
    assert proposition["enfant_date_naissance"] == "Date de naissance"
