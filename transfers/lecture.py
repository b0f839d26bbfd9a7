"""Reading the files towns really have: CSV from French Excel (semicolon, Windows-1252 or UTF-8
with a BOM), XLSX, trailing spaces, empty lines. Every refusal is a French sentence.

A registration program that writes a multi-valued cell (« a@x.fr;b@y.fr », as the memo tells
parents to type them) without quotes shifts every later column of that row. Such a row is
repaired only when the surplus can belong to one multi-valued column alone (the extra cells are
e-mail addresses right after it); otherwise it is refused with the reason in words. Limits: a
surplus spread over two multi-valued columns of one row is refused, not guessed."""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import zipfile
from dataclasses import dataclass, field

TAILLE_MAX = 10 * 1024 * 1024
EXTENSIONS = (".csv", ".txt", ".xlsx")
ESPACES = " \t\u00a0\u202f\ufeff"
# Reserved key of a row's {field: value}: how the row was repaired or why it is refused.
ANOMALIE = "_anomalie"
_ADRESSE = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")


@dataclass(frozen=True)
class Anomalie:
    """A row with more cells than the header. `repare`: its values were recovered."""

    message: str
    repare: bool


class FichierRefuse(Exception):
    """The file cannot be read at all; the message is shown to staff as is."""


@dataclass
class Tableau:
    """The file once read: its headers and its non-empty rows with their line number in the file
    (the header is line 1 when the file starts with it)."""

    entetes: list[str]
    lignes: list[tuple[int, list]] = field(default_factory=list)
    encodage: str = ""

    def valeurs(
        self, correspondance: dict[str, str], multiples: tuple[str, ...] = ()
    ) -> list[tuple[int, dict]]:
        """Each row as {field: value} through the mapping {field: header}. `multiples`: the
        fields whose cell may hold several e-mail addresses (where a surplus is repaired).
        A row with too many cells carries an Anomalie under the ANOMALIE key."""
        index = {entete: i for i, entete in enumerate(self.entetes)}
        colonnes = {cle: index[e] for cle, e in correspondance.items() if e in index}
        positions = sorted(colonnes[c] for c in multiples if c in colonnes)
        resultat = []
        for numero, cellules in self.lignes:
            cellules, anomalie = self.ajuster(numero, cellules, positions)
            valeurs = {
                cle: (cellules[i] if i < len(cellules) else "") for cle, i in colonnes.items()
            }
            if anomalie:
                valeurs[ANOMALIE] = anomalie
            resultat.append((numero, valeurs))
        return resultat

    def ajuster(
        self, numero: int, cellules: list, positions: list[int]
    ) -> tuple[list, Anomalie | None]:
        """The row's cells, one per header, and what was done when it had more."""
        # Even an empty surplus counts: a row whose last columns are empty, shifted by one,
        # ends with one empty cell too many. A file that ends every line with « ; » has the
        # same extra empty cell in its header, so its rows are not longer than the header.
        attendu = len(self.entetes)
        if len(cellules) <= attendu:
            return cellules, None
        surplus = len(cellules) - attendu
        compte = f"{len(cellules)} cellules pour {attendu} colonnes"
        possibles = [
            i for i in positions if all(_est_adresse(c) for c in cellules[i : i + surplus + 1])
        ]
        if len(possibles) != 1:
            return cellules, Anomalie(
                f"Ligne {numero} : {compte} : un point-virgule dans une cellule ? La ligne est "
                "refusée : mettez la cellule entre guillemets ou séparez ses valeurs par une "
                "virgule, puis importez-la de nouveau.",
                repare=False,
            )
        i = possibles[0]
        adresses = [str(c) for c in cellules[i : i + surplus + 1]]
        reparees = [*cellules[:i], "; ".join(adresses), *cellules[i + surplus + 1 :]]
        return reparees, Anomalie(
            f"Ligne {numero} réparée : {compte} (un point-virgule dans une cellule) ; les "
            f"adresses {', '.join(f'« {a} »' for a in adresses)} sont réunies dans la colonne "
            f"« {self.entetes[i]} ».",
            repare=True,
        )


def _est_adresse(valeur) -> bool:
    return isinstance(valeur, str) and bool(_ADRESSE.match(valeur))


def verifier_fichier(nom: str, taille: int, debut: bytes) -> str:
    """Refuse what is too big or not a CSV/XLSX file (checked on the content, not only the
    name). Returns the kind: "csv" or "xlsx"."""
    if taille > TAILLE_MAX:
        raise FichierRefuse(
            f"Le fichier fait {taille / 1024 / 1024:.1f} Mo : la taille maximale est de 10 Mo."
        )
    if taille == 0:
        raise FichierRefuse("Le fichier est vide.")
    extension = os.path.splitext(nom)[1].lower()
    if extension == ".xls":
        raise FichierRefuse(
            "Les fichiers .xls (Excel 97-2003) ne sont pas acceptés : enregistrez le fichier au "
            "format .xlsx ou CSV."
        )
    if extension not in EXTENSIONS:
        raise FichierRefuse(
            "Type de fichier non accepté : seuls les fichiers CSV (.csv) et Excel (.xlsx) sont "
            "acceptés."
        )
    if extension == ".xlsx":
        if not debut.startswith(b"PK\x03\x04"):
            raise FichierRefuse(
                "Ce fichier porte l'extension .xlsx mais n'est pas un classeur Excel."
            )
        return "xlsx"
    if debut.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")) or _binaire(debut):
        raise FichierRefuse("Ce fichier n'est pas un fichier texte CSV.")
    return "csv"


def _binaire(debut: bytes) -> bool:
    if debut.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text, as Excel's « texte Unicode » writes it
    return b"\x00" in debut


def decoder(contenu: bytes) -> tuple[str, str]:
    """Bytes → text and the encoding used. A BOM decides; else strict UTF-8; else Windows-1252
    (what French Excel writes), whose accents match Latin-1; never a silent replacement."""
    if contenu.startswith(b"\xef\xbb\xbf"):
        return contenu[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if contenu.startswith((b"\xff\xfe", b"\xfe\xff")):
        return contenu.decode("utf-16"), "utf-16"
    try:
        return contenu.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return contenu.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return contenu.decode("latin-1"), "iso-8859-1"


def nettoyer(valeur) -> object:
    if valeur is None:
        return ""
    if isinstance(valeur, datetime.datetime):
        return valeur.date() if not (valeur.hour or valeur.minute or valeur.second) else valeur
    if isinstance(valeur, datetime.date):
        return valeur
    if isinstance(valeur, float) and valeur.is_integer():
        valeur = int(valeur)
    texte = str(valeur).strip(ESPACES)
    return " ".join(texte.split()) if "\n" not in texte else texte


def _vide(cellules: list) -> bool:
    return all(c == "" for c in cellules)


def _separateur(premiere_ligne: str) -> str:
    candidats = {";": premiere_ligne.count(";"), ",": premiere_ligne.count(","), "\t": 0}
    candidats["\t"] = premiere_ligne.count("\t")
    return max(candidats, key=lambda s: candidats[s]) if any(candidats.values()) else ";"


def lire_csv(contenu: bytes) -> Tableau:
    texte, encodage = decoder(contenu)
    premiere = next((ligne for ligne in texte.splitlines() if ligne.strip(ESPACES + ";,")), "")
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=_separateur(premiere))
    return _tableau(((lecteur.line_num, ligne) for ligne in lecteur), encodage)


def lire_xlsx(contenu: bytes) -> Tableau:
    from openpyxl import load_workbook

    try:
        classeur = load_workbook(io.BytesIO(contenu), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FichierRefuse("Le classeur Excel est illisible ou endommagé.") from exc
    feuille = classeur.worksheets[0]
    lignes = ((i, list(row)) for i, row in enumerate(feuille.iter_rows(values_only=True), 1))
    try:
        return _tableau(lignes, "xlsx")
    finally:
        classeur.close()


def _tableau(lignes, encodage: str) -> Tableau:
    entetes: list[str] | None = None
    tableau = Tableau(entetes=[], encodage=encodage)
    for numero, brutes in lignes:
        cellules = [nettoyer(c) for c in brutes]
        if _vide(cellules):
            continue
        if entetes is None:
            entetes = _entetes_uniques([str(c) for c in cellules])
            continue
        tableau.lignes.append((numero, cellules))
    if entetes is None:
        raise FichierRefuse("Le fichier ne contient aucune ligne : ni en-têtes ni données.")
    tableau.entetes = entetes
    return tableau


def _entetes_uniques(entetes: list[str]) -> list[str]:
    vus: dict[str, int] = {}
    resultat = []
    for entete in entetes:
        if entete in vus:
            vus[entete] += 1
            entete = f"{entete} ({vus[entete]})"
        else:
            vus[entete] = 1
        resultat.append(entete)
    return resultat


def lire(nom: str, contenu: bytes) -> Tableau:
    genre = verifier_fichier(nom, len(contenu), contenu[:2048])
    if genre == "xlsx":
        return lire_xlsx(contenu)
    return lire_csv(contenu)
