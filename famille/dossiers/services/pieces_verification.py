"""Upload checks of pièces justificatives: PDF, JPEG or PNG judged from the content (never
the name or the browser's type), 2 Mo at most, no disguised program, no path in the name."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

TAILLE_MAX = 2 * 1024 * 1024  # the memo's « 2 Mo maxi par fichier »
# Detected type -> the extensions a name of that type may end with.
TYPES_ACCEPTES: dict[str, tuple[str, ...]] = {
    "application/pdf": ("pdf",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
}
# Inner extensions that betray a disguised program or script (« facture.pdf.exe », « x.exe.pdf »).
EXTENSIONS_DANGEREUSES = frozenset(
    "exe com bat cmd scr msi msp pif cpl dll jar js jse vbs vbe wsf wsh ps1 psm1 sh bash "
    "php phtml py pl cgi asp aspx jsp htm html xhtml svg hta lnk reg app apk dmg iso".split()
)
LONGUEUR_NOM_MAX = 150


@dataclass(frozen=True)
class FichierVerifie:
    contenu: UploadedFile
    nom: str
    type_mime: str
    taille: int


def taille_lisible(octets: int) -> str:
    """« 2,1 Mo », rounded UP: a file over the limit never reads « 2,0 Mo »."""
    if octets < 1024 * 1024:
        return f"{math.ceil(octets / 1024)} Ko"
    mo = math.ceil(octets / (1024 * 1024) * 10) / 10
    texte = f"{mo:.1f}".replace(".", ",")
    return f"{texte.removesuffix(',0')} Mo"


def nom_affichable(nom: str) -> str:
    """The base name only, without any path (Unix or Windows) or control character."""
    nom = unicodedata.normalize("NFC", nom or "")
    nom = re.split(r"[\\/]", nom)[-1]
    nom = "".join(c for c in nom if unicodedata.category(c)[0] != "C").strip().strip(".")
    nom = re.sub(r"\s+", " ", nom)
    if not nom:
        return "document"
    if len(nom) > LONGUEUR_NOM_MAX:
        base, point, extension = nom.rpartition(".")
        if point and len(extension) <= 5:
            nom = base[: LONGUEUR_NOM_MAX - len(extension) - 1] + "." + extension
        else:
            nom = nom[:LONGUEUR_NOM_MAX]
    return nom


def verifier_fichier(fichier: UploadedFile) -> FichierVerifie:
    """Refuse what is not a PDF, JPEG or PNG of 2 Mo at most, judged from the content."""
    nom = nom_affichable(fichier.name)
    taille = fichier.size or 0
    if taille == 0:
        raise ValidationError(f"Le fichier « {nom} » est vide.", code="vide")
    if taille > TAILLE_MAX:
        raise ValidationError(
            f"Le fichier fait {taille_lisible(taille)} : {taille_lisible(TAILLE_MAX)} au maximum"
            f" (« {nom} »).",
            code="trop_gros",
        )
    segments = [s.lower() for s in nom.split(".")[1:]]
    if any(s in EXTENSIONS_DANGEREUSES for s in segments):
        raise ValidationError(
            f"Le nom du fichier « {nom} » contient une double extension : seuls les fichiers "
            "PDF, JPEG ou PNG sont acceptés. Renommez-le (par exemple « document.pdf »).",
            code="double_extension",
        )
    fichier.seek(0)
    entete = fichier.read(8192)
    fichier.seek(0)
    genre = filetype.guess(entete)
    type_mime = genre.mime if genre else ""
    if type_mime not in TYPES_ACCEPTES:
        raise ValidationError(
            f"Le fichier « {nom} » n'est pas un PDF, une image JPEG ou PNG : seuls ces formats "
            "sont acceptés.",
            code="type",
        )
    extension = segments[-1] if segments else ""
    if extension and extension not in TYPES_ACCEPTES[type_mime]:
        raise ValidationError(
            f"Le nom du fichier « {nom} » se termine par « .{extension} » mais son contenu est "
            f"un fichier {genre.extension.upper()} : renommez-le en "
            f"« .{TYPES_ACCEPTES[type_mime][0]} ».",
            code="extension",
        )
    return FichierVerifie(contenu=fichier, nom=nom, type_mime=type_mime, taille=taille)
