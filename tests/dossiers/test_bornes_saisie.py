"""Bounds on what a family may send (issue 8.4 and 8.9): formsets, free text, request bodies,
the pièces' quota per foyer, and the small validation gaps — each refused with a French
message next to the field, nothing saved half-way."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from test_fiches import _contacts, donnees_foyer

from famille.dossiers.demo_pieces import pdf_minimal
from famille.dossiers.models import Contact, Enfant, FicheSante, Fichier, Foyer
from famille.dossiers.services import rattacher_enfant


@pytest.fixture
def famille(parent_client, campagne):
    foyer = parent_client.foyer
    lea = Enfant.objects.create(
        nom="Durand", prenom="Léa", date_naissance=datetime.date(2018, 2, 3)
    )
    rattacher_enfant(foyer, lea)
    parent_client.lea = lea
    return parent_client


def texte(reponse) -> str:
    return unescape(reponse.content.decode())


def sante(**champs) -> dict:
    return {
        "medecin_nom": "Dr Lopez",
        "pai": "False",
        "regime": FicheSante.Regime.STANDARD,
        "besoins_particuliers": "False",
        **champs,
    }


# --- 8.9: small validation gaps --------------------------------------------------------------


def test_code_postal_en_chiffres_non_latins_refuse(famille):
    reponse = famille.post(
        "/dossier-famille/famille/", donnees_foyer(**{"foyer-code_postal": "٣٣٦١٠"})
    )
    assert reponse.status_code == 200
    assert "Le code postal compte 5 chiffres de 0 à 9, par exemple 33610." in texte(reponse)
    assert "avec les chiffres 0 à 9 du clavier français" in texte(reponse)
    assert Foyer.objects.get(pk=famille.foyer.pk).code_postal == ""


@pytest.mark.parametrize("code", ["３３６１０", "३३६१०", "33 61O"])
def test_code_postal_autres_chiffres_ou_lettre_refuse(famille, code):
    # Full-width (a Japanese keyboard), Devanagari, a letter O for a zero.
    reponse = famille.post(
        "/dossier-famille/famille/", donnees_foyer(**{"foyer-code_postal": code})
    )
    assert "Le code postal compte 5 chiffres de 0 à 9, par exemple 33610." in texte(reponse)
    assert Foyer.objects.get(pk=famille.foyer.pk).code_postal == ""


def test_code_postal_avec_une_espace_enregistre_sans(famille):
    famille.post("/dossier-famille/famille/", donnees_foyer(**{"foyer-code_postal": "33 610"}))
    assert Foyer.objects.get(pk=famille.foyer.pk).code_postal == "33610"


def test_telephone_en_chiffres_arabes_refuse(famille):
    reponse = famille.post(
        "/dossier-famille/famille/", donnees_foyer(**{"foyer-telephone": "٠٦ ١٢ ٣٤ ٥٦ ٧٨"})
    )
    assert "avec les chiffres 0 à 9 du clavier français" in texte(reponse)
    assert not Foyer.objects.filter(telephone__contains="٠").exists()


def test_vingt_et_un_enfants_refuse(famille):
    reponse = famille.post(
        "/dossier-famille/famille/", donnees_foyer(**{"foyer-nombre_enfants": "21"})
    )
    assert reponse.status_code == 200
    assert "20 enfants au plus" in texte(reponse)
    assert Foyer.objects.get(pk=famille.foyer.pk).adresse == ""
    reponse = famille.post(
        "/dossier-famille/famille/", donnees_foyer(**{"foyer-nombre_enfants": "20"})
    )
    assert reponse.status_code == 302


@pytest.mark.parametrize(
    "date, message",
    [
        ("9999-01-01", "La date du dernier rappel ne peut pas être dans le futur."),
        ("1900-01-01", "La date du dernier rappel ne peut pas précéder la naissance de l'enfant."),
    ],
)
def test_date_de_vaccin_hors_de_toute_raison_refusee(famille, date, message):
    url = f"/dossier-famille/sante/{famille.lea.pk}/"
    reponse = famille.post(url, sante(vaccin_dtp_date=date))
    assert reponse.status_code == 200
    assert message in texte(reponse)
    assert not FicheSante.objects.exists()
    assert famille.post(url, sante(vaccin_dtp_date="2024-01-05")).status_code == 302


def test_nom_de_fichier_de_900_caracteres_illisible_pour_django(famille):
    """900 accented characters: Django's parser reads at most 1 Ko of a part's headers and
    gave its English « Bad Request (400) »; the family now gets a French page saying what to do."""
    limite = "----limite"
    corps = (
        (
            f'--{limite}\r\nContent-Disposition: form-data; name="piece"\r\n\r\ndomicile\r\n'
            f'--{limite}\r\nContent-Disposition: form-data; name="fichiers"; '
            f'filename="{"é" * 896}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + pdf_minimal()
        + f"\r\n--{limite}--\r\n".encode()
    )
    reponse = famille.generic(
        "POST",
        "/dossier-famille/pieces/",
        corps,
        content_type=f"multipart/form-data; boundary={limite}",
    )
    assert reponse.status_code == 400
    html = texte(reponse)
    assert '<html lang="fr"' in html
    assert "son nom est peut-être trop long : renommez-le plus court" in html
    assert 'href="/dossier-famille/pieces/"' in html
    assert not Fichier.objects.exists()


def test_nom_de_fichier_de_900_caracteres(famille):
    nom = "a" * 896 + ".pdf"
    reponse = famille.post(
        "/dossier-famille/pieces/",
        {"piece": "domicile", "fichiers": [SimpleUploadedFile(nom, pdf_minimal())]},
        follow=True,
    )
    assert reponse.status_code == 200
    fichier = Fichier.objects.get()
    assert len(fichier.nom_original) <= 150 and fichier.nom_original.endswith(".pdf")
    assert "Le document a bien été déposé" in texte(reponse)


# --- 8.4: formsets, free text, bodies, quota --------------------------------------------------


def test_responsables_en_nombre_borne(famille):
    donnees = donnees_foyer(**{"responsables-TOTAL_FORMS": "2000"})
    reponse = famille.post("/dossier-famille/famille/", donnees)
    assert reponse.status_code == 200
    assert "Veuillez soumettre au plus 6 formulaires." in texte(reponse)
    assert not Foyer.objects.get(pk=famille.foyer.pk).responsables.exists()


def test_contacts_en_nombre_borne(famille):
    prefixe = f"contacts-{famille.lea.pk}"
    reponse = famille.post(
        "/dossier-famille/contacts/", _contacts([famille.lea], **{f"{prefixe}-TOTAL_FORMS": "2000"})
    )
    assert reponse.status_code == 200
    assert "Veuillez soumettre au plus 10 formulaires." in texte(reponse)
    assert not Contact.objects.exists()


def test_texte_libre_de_la_fiche_sante_borne(famille):
    url = f"/dossier-famille/sante/{famille.lea.pk}/"
    reponse = famille.post(url, sante(remarques="x" * 2001, allergies="y" * 3000))
    assert reponse.status_code == 200
    assert "au plus 2000 caractères" in texte(reponse)
    assert not FicheSante.objects.exists()
    assert famille.post(url, sante(remarques="x" * 2000)).status_code == 302


def test_trop_de_champs_refuse_en_francais(famille):
    donnees = donnees_foyer(**{f"inutile-{i}": "x" for i in range(3000)})
    reponse = famille.post("/dossier-famille/famille/", donnees)
    assert reponse.status_code == 400
    assert "Votre envoi contient trop d'éléments" in texte(reponse)


def test_corps_de_300_mo_refuse_avant_lecture(famille):
    reponse = famille.generic(
        "POST",
        "/dossier-famille/pieces/",
        b"piece=domicile",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
    )
    assert reponse.status_code == 413
    assert "Votre envoi est trop volumineux" in texte(reponse)
    assert '<html lang="fr"' in reponse.content.decode()


@override_settings(QUOTA_PIECES={"fichiers": 3, "octets": 10 * 1024 * 1024})
def test_quota_de_pieces_par_foyer(famille):
    def deposer(*noms):
        fichiers = [SimpleUploadedFile(n, pdf_minimal()) for n in noms]
        return famille.post("/dossier-famille/pieces/", {"piece": "domicile", "fichiers": fichiers})

    assert deposer("a.pdf", "b.pdf").status_code == 302
    reponse = deposer("c.pdf", "d.pdf")
    assert reponse.status_code == 200
    assert "3 fichiers au plus pour l'année" in texte(reponse)
    assert Fichier.objects.count() == 2
    assert deposer("c.pdf").status_code == 302
