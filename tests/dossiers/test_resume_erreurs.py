"""A refused submit on every parent form: the error summary at the top of the page links each
error to its field, and the page title starts with « Erreur : » (RGAA 11.10, GOV.UK pattern).
The focus move that brings the summary into view on a phone is in
tests/browser/test_parcours_telephone.py."""

from __future__ import annotations

import datetime
import re

import pytest

from famille.dossiers.models import Enfant
from famille.dossiers.services import rattacher_enfant


@pytest.fixture
def famille(parent_client, campagne, publier_reglement):
    publier_reglement("<p>Article 1 : les repas se réservent à l'avance.</p>")
    lea = Enfant.objects.create(
        nom="Durand", prenom="Léa", date_naissance=datetime.date(2018, 2, 3)
    )
    rattacher_enfant(parent_client.foyer, lea)
    parent_client.lea = lea
    return parent_client


def resume(html: str) -> str:
    debut = html.index('id="resume-erreurs"')
    return html[debut : html.index("</div>", debut)]


def assert_resume(reponse, *cibles: str) -> None:
    html = reponse.content.decode()
    titre = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert titre.startswith("Erreur : "), titre
    bloc = resume(html)
    for cible in cibles:
        assert f'href="#{cible}"' in bloc, (cible, bloc)
        assert f'id="{cible}"' in html, cible  # the link leads to a field of the page
    # The summary comes before the first field of the form.
    assert html.index('id="resume-erreurs"') < html.index(f'id="{cibles[0]}"')


def test_fiche_famille(famille):
    assert_resume(
        famille.post("/dossier-famille/famille/", {"foyer-adresse": ""}), "id_foyer-adresse"
    )


def test_contacts_nomment_l_enfant(famille):
    lea = famille.lea
    prefixe = f"contacts-{lea.pk}"
    reponse = famille.post(
        "/dossier-famille/contacts/",
        {
            f"{prefixe}-TOTAL_FORMS": "1",
            f"{prefixe}-INITIAL_FORMS": "0",
            f"{prefixe}-0-prenom": "Mamie",
            f"{prefixe}-0-nom": "Durand",
            f"{prefixe}-0-telephone": "",
            f"{prefixe}-0-appeler_en_urgence": "on",
        },
    )
    assert_resume(reponse, f"id_{prefixe}-0-telephone")
    assert "Léa" in resume(reponse.content.decode())


def test_assurance(famille):
    assert_resume(famille.post("/dossier-famille/assurance/", {}), "id_assureur")


def test_autorisations(famille):
    reponse = famille.post(f"/dossier-famille/autorisations/{famille.lea.pk}/", {})
    assert_resume(reponse, "id_photo_video_0")


def test_fiche_sante(famille):
    reponse = famille.post(f"/dossier-famille/sante/{famille.lea.pk}/", {"pai": "oui-peut-etre"})
    assert_resume(reponse, "id_pai_0")


def test_pieces(famille):
    reponse = famille.post("/dossier-famille/pieces/", {"piece": "domicile"})
    assert_resume(reponse, "fichiers-domicile")


def test_reglement(famille):
    reponse = famille.post(f"/dossier-famille/reglement/{famille.lea.pk}/", {"nom": ""})
    assert_resume(reponse, "id_lu", "id_nom")


def test_profil_mot_de_passe(famille):
    reponse = famille.post(
        "/dossier-famille/profil/",
        {"action": "mot_de_passe", "mdp-ancien_mot_de_passe": "", "mdp-nouveau_mot_de_passe": ""},
    )
    assert_resume(reponse, "id_mdp-ancien_mot_de_passe", "id_mdp-nouveau_mot_de_passe")


def test_profil_emails(famille):
    reponse = famille.post("/dossier-famille/profil/", {"action": "emails", "emails-emails": "x"})
    assert_resume(reponse, "id_emails-emails")


def test_premiere_connexion(client, arbre, creer_famille):
    foyer = creer_famille(premiere_connexion_faite=False)
    client.force_login(foyer.titulaire)
    reponse = client.post(
        "/premiere-connexion/mot-de-passe/", {"nouveau_mot_de_passe": "court", "confirmation": ""}
    )
    assert_resume(reponse, "id_nouveau_mot_de_passe", "id_confirmation")


def test_pas_de_resume_ni_de_prefixe_sans_erreur(famille):
    html = famille.get("/dossier-famille/famille/").content.decode()
    assert 'id="resume-erreurs"' not in html
    assert "<title>Erreur" not in html
