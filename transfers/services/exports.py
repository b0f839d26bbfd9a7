"""Exports in CSV and XLSX. Every text cell that a spreadsheet would read as a formula
(starting with =, +, -, @, tab or carriage return) is neutralised with a leading apostrophe,
as OWASP recommends: a parent who types « =HYPERLINK(...) » as a name cannot run it on a
staff computer. CSV is written for French Excel: semicolons and a UTF-8 BOM."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import tablib
from django.http import HttpResponse
from django.utils import timezone

from famille.comptes.exports import DEBUTS_DANGEREUX, neutraliser  # noqa: F401

TYPES_MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def cellule(valeur):
    """A value as the spreadsheet should hold it: dates as dates, amounts as numbers."""
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, datetime.datetime):
        return (
            timezone.localtime(valeur).replace(tzinfo=None) if timezone.is_aware(valeur) else valeur
        )
    if isinstance(valeur, datetime.date | int | float | Decimal):
        return valeur
    return neutraliser(str(valeur))


def _csv(entetes: list[str], lignes) -> bytes:
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow([neutraliser(e) for e in entetes])
    for ligne in lignes:
        ecrivain.writerow([_texte_csv(cellule(v)) for v in ligne])
    return ("\ufeff" + sortie.getvalue()).encode("utf-8")


def _texte_csv(valeur) -> str:
    if isinstance(valeur, datetime.datetime):
        return valeur.strftime("%d/%m/%Y %H:%M")
    if isinstance(valeur, datetime.date):
        return valeur.strftime("%d/%m/%Y")
    if isinstance(valeur, Decimal | float):
        return str(valeur).replace(".", ",")
    return str(valeur)


def _xlsx(entetes: list[str], lignes) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet("Export")
    feuille.append([neutraliser(e) for e in entetes])
    for ligne in lignes:
        cellules = []
        for valeur in ligne:
            c = WriteOnlyCell(feuille, cellule(valeur))
            if c.data_type == "f":  # belt and braces: never a formula
                c.data_type = "s"
            if isinstance(c.value, datetime.datetime):
                c.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(c.value, datetime.date):
                c.number_format = "dd/mm/yyyy"
            cellules.append(c)
        feuille.append(cellules)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def contenu_fichier(entetes: list[str], lignes, format: str) -> bytes:
    return _xlsx(entetes, lignes) if format == "xlsx" else _csv(entetes, lignes)


def reponse_fichier(entetes: list[str], lignes, format: str, nom: str) -> HttpResponse:
    format = "xlsx" if format == "xlsx" else "csv"
    reponse = HttpResponse(
        contenu_fichier(entetes, lignes, format), content_type=TYPES_MIME[format]
    )
    reponse["Content-Disposition"] = f'attachment; filename="{nom}.{format}"'
    reponse["Cache-Control"] = "no-store"
    return reponse


def dataset_vers_lignes(dataset: tablib.Dataset) -> tuple[list[str], list[list]]:
    return list(dataset.headers or []), [list(row) for row in dataset]
