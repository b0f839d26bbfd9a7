"""Until the first login is finished, no other portal page is reachable: this walks every
parent URL (every live page, every route of the tab pages, every comptes URL) and expects a
redirect to the pending step, for GET and POST alike."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, reverse
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from famille.comptes import urls as comptes_urls
from famille.comptes.models import Compte, Consentement, DocumentsLegaux

INITIAL = "Mot-de-passe-initial-1"
MOT_DE_PASSE = "/premiere-connexion/mot-de-passe/"
CONSENTEMENTS = "/premiere-connexion/consentements/"
VALEURS = {"int": 1, "slug": "fiche", "str": "x", "path": "x/y"}
# The steps themselves and logout are the only comptes URLs a pending parent may open.
PERMISES = {
    "premiere_connexion_mot_de_passe",
    "premiere_connexion_enregistre",
    "premiere_connexion_consentements",
    "deconnexion",
}


def _valeur(convertisseur) -> object:
    nom = type(convertisseur).__name__.replace("Converter", "").lower()
    return VALEURS.get(nom, "x")


def _routes(page: Page) -> list[str]:
    urls = []
    for motif in page.get_subpage_urls():
        convertisseurs = getattr(motif.pattern, "converters", {})
        kwargs = {nom: _valeur(c) for nom, c in convertisseurs.items()}
        urls.append(page.url + page.reverse_subpage(motif.name, kwargs=kwargs))
    return urls


def urls_du_portail() -> list[str]:
    urls = set()
    for page in Page.objects.live().filter(depth__gt=1).specific():
        if page.url is None:
            continue
        urls.add(page.url)
        if isinstance(page, RoutablePageMixin):
            urls.update(_routes(page))
    for motif in comptes_urls.urlpatterns:
        assert isinstance(motif, URLPattern), "a nested include would escape the walk"
        if motif.name in PERMISES:
            continue
        kwargs = {nom: _valeur(c) for nom, c in motif.pattern.converters.items()}
        urls.add(reverse(f"comptes:{motif.name}", kwargs=kwargs))
    # Django URLs outside the page tree: the admin, documents.
    urls.update({"/admin/", "/documents/1/x.pdf"})
    return sorted(urls)


@pytest.fixture
def urls(demo):
    liste = urls_du_portail()
    # The walk must cover the tabs and the Dossier Famille routes, or it proves nothing.
    for attendue in (
        "/",
        "/historique/",
        "/paiement/",
        "/reservations/",
        "/dossier-famille/",
        "/dossier-famille/profil/",
        "/dossier-famille/sante/1/",
        "/faq/",
        "/connexion/",
        "/mot-de-passe-oublie/",
    ):
        assert attendue in liste, attendue
    return liste


def _parent_en_attente(client, demo, *, mot_de_passe_choisi: bool) -> Compte:
    compte = Compte.objects.get(username="F1004")
    assert compte.mot_de_passe_initial
    reponse = client.post("/connexion/", {"username": "f1004", "password": "Bienvenue-Cestas-F4"})
    assert reponse["Location"] == MOT_DE_PASSE
    if mot_de_passe_choisi:
        client.post(
            MOT_DE_PASSE,
            {
                "nouveau_mot_de_passe": "Inès va à la cantine",
                "confirmation": "Inès va à la cantine",
            },
        )
        compte.refresh_from_db()
        assert not compte.mot_de_passe_initial
    return compte


class TestParentEnAttente:
    """The demo loaded once for these walks (tests/conftest.py's `demo_partagee`); each rolls back
    its own changes (F1004's password, its session)."""

    @pytest.fixture
    def demo(self, demo_partagee):
        return demo_partagee

    def test_toutes_les_urls_menent_au_mot_de_passe(self, client, demo, urls):
        _parent_en_attente(client, demo, mot_de_passe_choisi=False)
        for url in urls:
            for methode in (client.get, client.post):
                reponse = methode(url)
                assert reponse.status_code == 302, (methode.__name__, url, reponse.status_code)
                assert reponse["Location"] == MOT_DE_PASSE, (methode.__name__, url)

    def test_toutes_les_urls_menent_aux_consentements_sauf_rgpd_et_cgu(self, client, demo, urls):
        compte = _parent_en_attente(client, demo, mot_de_passe_choisi=True)
        reglages = DocumentsLegaux.load()
        lisibles = {reglages.rgpd_page.url, reglages.cgu_page.url}
        for url in urls:
            reponse = client.get(url)
            if url in lisibles:
                assert reponse.status_code == 200, url
                continue
            assert reponse.status_code == 302, (url, reponse.status_code)
            assert reponse["Location"] == CONSENTEMENTS, url
            reponse = client.post(url)
            assert reponse["Location"] == CONSENTEMENTS, url
        assert not Consentement.objects.filter(compte=compte).exists()

    def test_un_post_du_profil_en_attente_ne_change_rien(self, client, demo):
        compte = _parent_en_attente(client, demo, mot_de_passe_choisi=True)
        emails = compte.emails
        reponse = client.post(
            "/dossier-famille/profil/", {"action": "emails", "emails-emails": "pirate@exemple.fr"}
        )
        assert reponse["Location"] == CONSENTEMENTS
        compte.refresh_from_db()
        assert compte.emails == emails
