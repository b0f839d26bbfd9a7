"""Demo pièces justificatives: small generated PDF and PNG files, so that the review screens and
the parent's list show every status (à vérifier, acceptée, refusée with its reason)."""

from __future__ import annotations

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from .models import FicheSante, Foyer, PieceJustificative, ValidationFiche
from .services import campagne as campagne_service
from .services import historique
from .services import pieces as service


def pdf_minimal(texte: str = "Document de démonstration") -> bytes:
    """A one-page PDF that readers open (hand-written objects, offsets computed)."""
    flux = f"BT /F1 14 Tf 72 770 Td ({_echapper(texte)}) Tj ET".encode("latin-1", "replace")
    objets = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(flux)).encode() + b" >>\nstream\n" + flux + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    sortie = bytearray(b"%PDF-1.4\n")
    positions = []
    for numero, objet in enumerate(objets, start=1):
        positions.append(len(sortie))
        sortie += f"{numero} 0 obj\n".encode() + objet + b"\nendobj\n"
    debut_xref = len(sortie)
    sortie += f"xref\n0 {len(objets) + 1}\n0000000000 65535 f \n".encode()
    for position in positions:
        sortie += f"{position:010d} 00000 n \n".encode()
    sortie += (
        f"trailer\n<< /Size {len(objets) + 1} /Root 1 0 R >>\nstartxref\n{debut_xref}\n%%EOF\n"
    ).encode()
    return bytes(sortie)


def _echapper(texte: str) -> str:
    return texte.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def png_minimal(largeur: int = 32, hauteur: int = 32, couleur=(110, 60, 160)) -> bytes:
    """A plain-colour PNG (the « photo » of the demo child)."""
    ligne = b"\x00" + bytes(couleur) * largeur
    donnees = zlib.compress(ligne * hauteur)

    def bloc(genre: bytes, contenu: bytes) -> bytes:
        return (
            struct.pack(">I", len(contenu))
            + genre
            + contenu
            + struct.pack(">I", zlib.crc32(genre + contenu) & 0xFFFFFFFF)
        )

    entete = struct.pack(">IIBBBBB", largeur, hauteur, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + bloc(b"IHDR", entete) + bloc(b"IDAT", donnees) + bloc(b"IEND", b"")
    )


def _deposer(dossier, type_piece, enfant, nom: str, contenu: bytes, auteur):
    if PieceJustificative.objects.filter(dossier=dossier, type=type_piece, enfant=enfant).exists():
        return None  # idempotent: the demo never adds the same piece twice
    verifie = service.verifier_fichier(SimpleUploadedFile(nom, contenu))
    return service.deposer(dossier, type_piece, enfant, [verifie], auteur)


def charger() -> None:
    """Martin (F1001): domicile accepted, assurance to review, Jules with a PAI (certificate
    refused with its reason, photo to review). Bernard (F1002): domicile to review. The
    dossier's status is left to the campaign service (the deposit recomputes it)."""
    Type = PieceJustificative.Type
    martin = Foyer.objects.filter(numero="F1001").first()
    if martin is not None and campagne_service.campagne_courante() is not None:
        dossier = service.dossier_courant(martin)
        parent = martin.titulaire
        domicile = _deposer(
            dossier,
            Type.DOMICILE,
            None,
            "facture-electricite.pdf",
            pdf_minimal("Facture d'electricite - Famille Martin"),
            parent,
        )
        if domicile is not None:
            service.accepter(domicile, None)
        _deposer(
            dossier,
            Type.ASSURANCE,
            None,
            "attestation-assurance.pdf",
            pdf_minimal("Attestation d'assurance scolaire"),
            parent,
        )
        jules = martin.enfants.filter(prenom="Jules").first()
        if jules is not None:
            if not FicheSante.objects.filter(enfant=jules).exists():
                historique.enregistrer(
                    ValidationFiche.Fiche.SANTE,
                    lambda: FicheSante.objects.create(
                        enfant=jules, pai=True, allergies="Arachide (PAI)"
                    ),
                    auteur=parent,
                    foyer=martin,
                    enfant=jules,
                )
            certificat = _deposer(
                dossier,
                Type.PAI_CERTIFICAT,
                jules,
                "certificat-medical.pdf",
                pdf_minimal("Certificat medical"),
                parent,
            )
            if certificat is not None:
                PieceJustificative.objects.filter(pk=certificat.pk).update(
                    statut=PieceJustificative.Statut.REFUSEE,
                    motif_refus="Le certificat n'est pas signé par le médecin.",
                )
            _deposer(dossier, Type.PAI_PHOTO, jules, "photo-jules.png", png_minimal(), parent)

    bernard = Foyer.objects.filter(numero="F1002").first()
    if bernard is not None and campagne_service.campagne_courante() is not None:
        _deposer(
            service.dossier_courant(bernard),
            Type.DOMICILE,
            None,
            "quittance-loyer.pdf",
            pdf_minimal("Quittance de loyer"),
            bernard.titulaire,
        )
