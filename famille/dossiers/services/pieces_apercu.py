"""Preview of a pièce's files in the admin without downloading them (issue 9.7): the server
renders each PDF page (pdfium, the PDF engine of Chromium) or re-encodes each image (Pillow)
to a plain PNG. Staff's browser never opens the file a family uploaded — a hostile PDF with
scripts, links or forms becomes pixels — and the PNG is served with nosniff and a sandboxing
CSP (admin/revue.py).

Limits: at most PAGES_MAX pages are rendered (the download stays for longer documents);
pages are rendered at most LARGEUR_MAX pixels wide; a file pdfium or Pillow cannot read has
no preview (staff download it, as before)."""

from __future__ import annotations

import io

import pypdfium2
from PIL import Image

PAGES_MAX = 10
LARGEUR_MAX = 1400


class ApercuImpossible(Exception):
    pass


def _contenu(fichier) -> bytes:
    with fichier.fichier.open("rb") as f:
        return f.read()


def _png(image: Image.Image) -> bytes:
    image.thumbnail((LARGEUR_MAX, LARGEUR_MAX * 2))
    sortie = io.BytesIO()
    image.convert("RGB").save(sortie, format="PNG", optimize=True)
    return sortie.getvalue()


def nombre_de_pages(fichier) -> int:
    """How many page images the preview has (0: no preview possible)."""
    if fichier.type_mime != "application/pdf":
        return 1
    try:
        pdf = pypdfium2.PdfDocument(_contenu(fichier))
    except (pypdfium2.PdfiumError, OSError):
        return 0
    try:
        return min(len(pdf), PAGES_MAX)
    finally:
        pdf.close()


def image_de_page(fichier, numero: int) -> bytes:
    """Page `numero` (from 1) of the file as a PNG."""
    if not 1 <= numero <= PAGES_MAX:
        raise ApercuImpossible
    contenu = _contenu(fichier)
    if fichier.type_mime != "application/pdf":
        if numero != 1:
            raise ApercuImpossible
        try:
            with Image.open(io.BytesIO(contenu)) as image:
                image.load()
                return _png(image)
        except (OSError, Image.DecompressionBombError) as erreur:
            raise ApercuImpossible from erreur
    try:
        pdf = pypdfium2.PdfDocument(contenu)
    except (pypdfium2.PdfiumError, OSError) as erreur:
        raise ApercuImpossible from erreur
    try:
        if numero > len(pdf):
            raise ApercuImpossible
        page = pdf[numero - 1]
        largeur = page.get_width() or 1
        echelle = min(2.0, LARGEUR_MAX / largeur)
        return _png(page.render(scale=echelle).to_pil())
    finally:
        pdf.close()
