"""Files as French Excel writes them, shared by the transfers tests."""

from __future__ import annotations

import csv
import io

from transfers.tests_support import CORRESPONDANCE_MAIRIE, ENTETES_MAIRIE

__all__ = ["CORRESPONDANCE_MAIRIE", "ENTETES_MAIRIE", "LIGNES_MAIRIE", "csv_excel"]

LIGNES_MAIRIE = [
    # Hélène's family: two children, the father lives elsewhere (separated).
    [
        "F2031",
        "Lefèvre-Dupré ",
        "Hélène",
        "Mère",
        "12 allée des Pins",
        "33610",
        "Cestas",
        "06 12 34 56 78",
        "helene.lefevre@exemple.fr; h.dupre@exemple.fr",
        "Lefèvre-Dupré",
        "Zoé",
        "14/03/2019",
        "F",
        "École élémentaire du Parc",
        "CP",
        "Dupré",
        "Marc",
        "Père",
        "06 98 76 54 32",
        "marc.dupre@exemple.fr",
        "3 rue des Écoles",
        "33000",
        "Bordeaux",
    ],
    [
        "F2031",
        "Lefèvre-Dupré",
        "Hélène",
        "Mère",
        "12 allée des Pins",
        "33610",
        "Cestas",
        "06 12 34 56 78",
        "helene.lefevre@exemple.fr; h.dupre@exemple.fr",
        "Lefèvre-Dupré",
        "Noé",
        "02/09/2016",
        "M",
        "École élémentaire du Parc",
        "CE2",
        "Dupré",
        "Marc",
        "Père",
        "06 98 76 54 32",
        "marc.dupre@exemple.fr",
        "3 rue des Écoles",
        "33000",
        "Bordeaux",
    ],
    # A family living together: the second parent stays in the same Compte Famille.
    [
        "F2032",
        "Nguyen",
        "Thi-Lan",
        "Mère",
        "5 chemin de l'Église",
        "33610",
        "Cestas",
        "07 11 22 33 44",
        "lan.nguyen@exemple.fr",
        "Nguyen",
        "Anaïs",
        "30/11/2020",
        "F",
        "École maternelle du Bourg",
        "MS",
        "Nguyen",
        "Minh",
        "Père",
        "",
        "",
        "",
        "",
        "",
    ],
]


def csv_excel(lignes, entetes=ENTETES_MAIRIE, encodage="cp1252", bom=False, vides=0) -> bytes:
    """A CSV as French Excel saves it: semicolons, CRLF, Windows-1252 (or UTF-8 with a BOM)."""
    sortie = io.StringIO()
    csv.writer(sortie, delimiter=";", lineterminator="\r\n").writerows([entetes, *lignes])
    texte = sortie.getvalue() + ";" * (len(entetes) - 1) + "\r\n"  # Excel's trailing empty line
    texte += "\r\n" * vides
    contenu = texte.encode(encodage)
    return (b"\xef\xbb\xbf" + contenu) if bom else contenu
