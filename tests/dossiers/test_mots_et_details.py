"""Wording and details a parent notices: elision, « 1er », « Ko », a distinct title for each
Dossier Famille section with the current one marked, a message after logout, a favicon, and
no space before a full stop on the parent's pages."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest

from famille.comptes.francais import date_en_mots, de
from famille.dossiers.models import Enfant
from famille.dossiers.services import rattacher_enfant


def test_elision_et_premier_du_mois():
    assert [de(p) for p in ("Inès", "Emma", "Lucas", "Éloïse")] == [
        "d'Inès",
        "d'Emma",
        "de Lucas",
        "d'Éloïse",
    ]
    assert date_en_mots(datetime.date(2027, 9, 1)) == "1er septembre 2027"
    assert date_en_mots(datetime.date(2027, 9, 1), "l j F Y") == "mercredi 1er septembre 2027"
    assert date_en_mots(datetime.date(2027, 8, 15)) == "15 août 2027"


@pytest.fixture
def ines(parent_client, campagne):
    enfant = Enfant.objects.create(
        nom="Roux", prenom="Inès", date_naissance=datetime.date(2017, 1, 9)
    )
    rattacher_enfant(parent_client.foyer, enfant)
    return enfant


def titre(html: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip())


def test_chaque_section_a_son_titre_et_la_section_courante_est_marquee(parent_client, ines):
    urls = [
        "/dossier-famille/",
        "/dossier-famille/profil/",
        "/dossier-famille/famille/",
        "/dossier-famille/contacts/",
        "/dossier-famille/assurance/",
        f"/dossier-famille/autorisations/{ines.pk}/",
        f"/dossier-famille/sante/{ines.pk}/",
        "/dossier-famille/pieces/",
        "/dossier-famille/reglement/",
        "/dossier-famille/mes-donnees/",
        "/dossier-famille/valider/famille/",
    ]
    titres = {}
    for url in urls:
        html = parent_client.get(url).content.decode()
        titres[url] = titre(html)
        assert " de Inès" not in html and " de Emma" not in html, url
        if url in ("/dossier-famille/famille/", "/dossier-famille/contacts/"):
            assert f'href="{url}" aria-current="page"' in html, url
        # No space before a full stop in what the parent reads.
        texte = re.sub(r"<[^>]+>", "", html.split("<main", 1)[1].split("</main>")[0])
        assert not re.search(r"\w \.(\s|$)", texte), (url, re.findall(r".{30}\w \.", texte))
    assert len(set(titres.values())) == len(urls), titres
    assert titres[f"/dossier-famille/autorisations/{ines.pk}/"].startswith("Autorisations d'Inès")
    assert titres["/dossier-famille/valider/famille/"].startswith("Vérifier et valider : Fiche")


def test_tailles_en_ko(parent_client, campagne):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from famille.dossiers.demo_pieces import pdf_minimal

    parent_client.post(
        "/dossier-famille/pieces/",
        {"piece": "domicile", "fichiers": [SimpleUploadedFile("edf.pdf", pdf_minimal())]},
    )
    html = parent_client.get("/dossier-famille/pieces/").content.decode()
    assert " Ko, déposé le " in html and "Kio" not in html and "octets" not in html


def test_message_apres_deconnexion_et_favicon(parent_client):
    reponse = parent_client.post("/deconnexion/", follow=True)
    html = reponse.content.decode()
    assert "Vous êtes déconnecté du Portail Famille." in html
    assert 'rel="icon"' in html and "favicon.svg" in html
