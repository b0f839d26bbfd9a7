"""The public CMS pages kept for anonymous visitors (portail/cache_pages.py, issue 15.4): a
visitor's second page costs no query, a logged-in parent never gets a stored page, each
visitor's forms carry their own CSRF token, a publication shows at once, and a restricted page
is never stored."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from home.models import FaqPage, HomePage, ParametresPortail

JETON = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def cache_actif(arbre, settings):
    # On a running site the settings row exists: its lazy creation at the first page (a save,
    # which starts a new generation of the cache) is not what these tests look at.
    ParametresPortail.load()
    settings.PAGES_PUBLIQUES_DUREE = 60
    caches["pages_locales"].clear()
    yield
    caches["pages_locales"].clear()


def requetes_sql(client: Client, adresse: str):
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(adresse)
    return reponse, len(requetes)


def test_la_seconde_visite_anonyme_est_servie_sans_requete(arbre):
    premiere, n_premiere = requetes_sql(Client(), "/")
    seconde, n_seconde = requetes_sql(Client(), "/")
    assert premiere.status_code == seconde.status_code == 200
    assert n_premiere > 0 and n_seconde == 0
    assert "Accéder à mon Compte Famille" in seconde.content.decode()
    # An edit not yet published is not shown, from the cache or not.
    HomePage.objects.update(introduction="<p>Brouillon jamais publié</p>")
    assert "Brouillon jamais publié" not in Client().get("/").content.decode()


def test_un_parent_connecte_ne_recoit_jamais_une_page_gardee(arbre, parent_client):
    Client().get("/")  # an anonymous visit stores the page
    reponse, n = requetes_sql(parent_client, "/")
    page = reponse.content.decode()
    assert n > 0
    assert "Se déconnecter" in page and "Accéder à mon Compte Famille" not in page
    assert "no-store" in reponse["Cache-Control"]
    # …and the parent's page is never served to a visitor.
    anonyme = Client().get("/").content.decode()
    assert "Se déconnecter" not in anonyme and "Accéder à mon Compte Famille" in anonyme


def test_chaque_visiteur_a_son_jeton_csrf_et_peut_se_connecter(arbre, creer_famille):
    foyer = creer_famille("F8123")
    Client().get("/")  # stored
    visiteurs = [Client(enforce_csrf_checks=True) for _ in range(2)]
    pages = [v.get("/") for v in visiteurs]
    jetons = [JETON.findall(p.content.decode()) for p in pages]
    assert all(len(j) == 1 for j in jetons) and jetons[0] != jetons[1]
    assert all(v.cookies["csrftoken"].value for v in visiteurs)
    # The form of the stored page logs the parent in (a 403 would be the CSRF refusal).
    reponse = visiteurs[1].post(
        "/connexion/",
        {
            "username": foyer.titulaire.username,
            "password": "Une phrase de passe solide",
            "csrfmiddlewaretoken": jetons[1][0],
        },
    )
    assert reponse.status_code == 302
    assert "_auth_user_id" in visiteurs[1].session
    # Another visitor's token does not fit this visitor's cookie.
    refus = visiteurs[0].post(
        "/connexion/",
        {"username": "x", "password": "y", "csrfmiddlewaretoken": "a" * 64},
    )
    assert refus.status_code == 403


def test_un_visiteur_qui_a_deja_son_cookie_csrf_le_garde(arbre):
    visiteur = Client(enforce_csrf_checks=True)
    visiteur.get("/")
    cookie = visiteur.cookies["csrftoken"].value
    visiteur.get("/")  # from the cache
    assert visiteur.cookies["csrftoken"].value == cookie


def test_une_publication_se_voit_tout_de_suite(arbre):
    Client().get("/")
    accueil = HomePage.objects.get()
    accueil.introduction = "<p>Les inscriptions de l'été sont ouvertes</p>"
    accueil.save_revision().publish()
    assert "Les inscriptions de l'été sont ouvertes" in Client().get("/").content.decode()


def test_un_reglage_enregistre_se_voit_tout_de_suite(arbre):
    Client().get("/")
    parametres = ParametresPortail.load()
    parametres.nom_collectivite = "Ville de Saint-Essai"
    parametres.save()
    assert "Ville de Saint-Essai" in Client().get("/").content.decode()


def test_une_page_restreinte_n_est_jamais_gardee(arbre):
    faq = FaqPage.objects.get()
    restriction = PageViewRestriction.objects.create(
        page=faq, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    for _ in range(2):
        reponse, n = requetes_sql(Client(), faq.url)
        assert n > 0 and "mot de passe" in reponse.content.decode().lower()
    restriction.delete()  # no publication: only a page not kept shows the change
    assert "mot de passe" not in Client().get(faq.url).content.decode().lower()


def test_une_page_reservee_aux_connectes_n_est_jamais_gardee(arbre):
    faq = FaqPage.objects.get()
    PageViewRestriction.objects.create(page=faq, restriction_type=PageViewRestriction.LOGIN)
    assert Client().get(faq.url).status_code == 302
    PageViewRestriction.objects.all().delete()
    assert Client().get(faq.url).status_code == 200
    # And a page unpublished disappears for visitors at once.
    Client().get(faq.url)
    Page.objects.get(pk=faq.pk).unpublish()
    assert Client().get(faq.url).status_code == 404


def test_la_typographie_est_appliquee_une_fois(arbre, settings):
    settings.TYPOGRAPHIE_FRANCAISE = True
    recherche = FaqPage.objects.get().url + "?q=inscription"
    premiere = Client().get(recherche).content.decode()
    seconde, n = requetes_sql(Client(), recherche)
    seconde = seconde.content.decode()
    assert n == 0 and "Résultats pour «\u00a0inscription\u00a0»" in seconde
    assert JETON.sub("", premiere) == JETON.sub("", seconde)


def test_sans_duree_rien_n_est_garde(arbre, settings):
    settings.PAGES_PUBLIQUES_DUREE = 0
    Client().get("/")
    assert requetes_sql(Client(), "/")[1] > 0


def test_une_page_gardee_puis_restreinte_n_est_plus_servie(arbre):
    """A page kept for visitors, then given a password in the admin (no publication): the
    next visitor gets the password form, not the kept page."""
    faq = FaqPage.objects.get()
    Client().get(faq.url)
    assert requetes_sql(Client(), faq.url)[1] == 0  # kept
    PageViewRestriction.objects.create(
        page=faq, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert "mot de passe" in Client().get(faq.url).content.decode().lower()
