"""Reviewing a pièce without downloading it (issue 9.7): each page rendered to an image on
the server, served with nosniff and a sandboxing CSP, with the download's permissions; and
the refusal e-mail names the document."""

from __future__ import annotations

import datetime
import io

import pytest
from aides_admin import agent, refuse, texte
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from famille.comptes.roles import COMMUNICATION, EDUCATION, REGIE
from famille.dossiers.demo_pieces import pdf_minimal, png_minimal
from famille.dossiers.models import Enfant, FicheSante, Fichier
from famille.dossiers.services import pieces as service
from famille.dossiers.services import rattacher_enfant

ADMIN = "/admin/dossiers-revue/"


def pdf_hostile() -> bytes:
    """Two pages and a script run on opening: the preview must be mere pixels."""
    redacteur = PdfWriter()
    redacteur.add_blank_page(width=595, height=842)
    redacteur.add_blank_page(width=595, height=842)
    redacteur.add_open_action(JavaScript("app.alert('pirate');"))
    sortie = io.BytesIO()
    redacteur.write(sortie)
    return sortie.getvalue()


@pytest.fixture
def fichiers(creer_famille, campagne):
    foyer = creer_famille(nom="Martin")
    enfant = Enfant.objects.create(
        nom="Martin", prenom="Jules", date_naissance=datetime.date(2021, 3, 3)
    )
    rattacher_enfant(foyer, enfant)
    FicheSante.objects.create(enfant=enfant, pai=True)
    dossier = service.dossier_courant(foyer)
    resultat = {}
    for type_piece, qui, nom, contenu in (
        ("domicile", None, "facture-edf.pdf", pdf_hostile()),
        ("assurance", None, "attestation.png", png_minimal(40, 20)),
        ("pai_certificat", enfant, "certificat.pdf", pdf_minimal("certificat")),
    ):
        piece = service.deposer(
            dossier,
            type_piece,
            qui,
            [service.verifier_fichier(SimpleUploadedFile(nom, contenu))],
            foyer.titulaire,
        )
        resultat[type_piece] = piece.fichiers.get()
    return resultat


def test_apercu_des_pages_en_images_sans_le_fichier_d_origine(client, groupes, fichiers):
    client.force_login(agent("edith", EDUCATION))
    facture = fichiers["domicile"]
    revue = texte(client.get(f"{ADMIN}revue/{facture.piece.dossier_id}/"))
    assert f"{ADMIN}fichier/{facture.pk}/apercu/" in revue

    page = texte(client.get(f"{ADMIN}fichier/{facture.pk}/apercu/"))
    assert 'alt="Page 1 de facture-edf.pdf"' in page and 'alt="Page 2 de facture-edf.pdf"' in page
    image = client.get(f"{ADMIN}fichier/{facture.pk}/apercu/1.png")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in image["Content-Security-Policy"]
    assert image.content.startswith(b"\x89PNG") and b"pirate" not in image.content
    assert Image.open(io.BytesIO(image.content)).width > 500
    assert client.get(f"{ADMIN}fichier/{facture.pk}/apercu/3.png").status_code == 404

    photo = client.get(f"{ADMIN}fichier/{fichiers['assurance'].pk}/apercu/1.png")
    assert Image.open(io.BytesIO(photo.content)).size == (40, 20)


def test_fichier_illisible_pas_d_apercu_mais_un_message(client, groupes, fichiers):
    facture = fichiers["domicile"]
    with facture.fichier.open("wb") as f:
        f.write(b"%PDF-1.4 tronque")
    client.force_login(agent("edith", EDUCATION))
    page = texte(client.get(f"{ADMIN}fichier/{facture.pk}/apercu/"))
    assert "L'aperçu de ce fichier est impossible" in page
    assert client.get(f"{ADMIN}fichier/{facture.pk}/apercu/1.png").status_code == 404


@pytest.mark.parametrize("groupe", [COMMUNICATION, REGIE])
def test_apercu_refuse_sans_permission(client, groupes, fichiers, groupe):
    client.force_login(agent("autre", groupe))
    fichier: Fichier = fichiers["domicile"]
    assert refuse(client.get(f"{ADMIN}fichier/{fichier.pk}/apercu/"))
    assert refuse(client.get(f"{ADMIN}fichier/{fichier.pk}/apercu/1.png"))


def test_email_de_refus_nomme_le_document(
    client, groupes, fichiers, django_capture_on_commit_callbacks
):
    client.force_login(agent("edith", EDUCATION))
    piece = fichiers["domicile"].piece
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{ADMIN}piece/{piece.pk}/decision/",
            {"decision": "refuser", "motif": "Illisible"},
        )
    corps = mail.outbox[0].body
    assert "« Justificatif de domicile de moins de deux mois »" in corps
    assert "document déposé : facture-edf.pdf" in corps
