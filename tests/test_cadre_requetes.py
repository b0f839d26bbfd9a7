"""Every parent page within a fixed number of SQL queries whatever the family's size (issue
15.6): the frame (tabs, header, footer, « reste à faire » box) on every page must not grow
with the number of children, tabs or links. The Réservations tab's calendar has its own test
(tests/reservations/test_onglet_requetes.py).

What the frame costs today on a parent's Accueil (SQLite, sessions in the database; with
Redis in production the session read disappears): session, account, structures, site, the
page and its view restrictions, foyer, campaigns (one query, famille/dossiers/services/
campagne.py), children, the « reste à faire » box, tabs (each tab page read once per request,
famille/comptes/memo.py), portal settings, news, frame pages. The Wagtail user bar is shown to
staff only (two permission queries for nothing on a parent's page)."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from famille.dossiers.models import Campagne, Enfant, Garde

REQUETES_MAX_PAGE_PARENT = 20


def _enfants(foyer, nombre: int) -> None:
    for i in range(nombre):
        enfant = Enfant.objects.create(
            nom="Martin", prenom=f"Enfant{i}", date_naissance=datetime.date(2016 + i % 4, 3, 1)
        )
        Garde.objects.create(foyer=foyer, enfant=enfant)


def _pages_parent(enfant, campagne: bool) -> list[str]:
    """Every page a parent reads (GET, HTML), the tabs' sub-pages included; a child's pages
    for the first child. The assurance fiche exists only while a campaign is programmed."""
    from famille.dossiers.pages import DossierFamillePage
    from famille.facturation.models.pages import HistoriquePage, PaiementPage
    from famille.reservations.pages import ReservationsPage
    from home.models import ContactPage, FaqPage

    dossier = DossierFamillePage.url_de
    return [
        "/",
        HistoriquePage.url_de(),
        PaiementPage.url_de(),
        dossier("accueil"),
        dossier("profil"),
        dossier("fiche_famille"),
        dossier("contacts"),
        *([dossier("assurance")] if campagne else []),
        dossier("autorisations", enfant.pk),
        dossier("sante", enfant.pk),
        dossier("pieces"),
        dossier("reglement"),
        dossier("mes_donnees"),
        ReservationsPage.url_de("accueil"),
        ReservationsPage.url_de("agenda"),
        ReservationsPage.url_de("absences"),
        FaqPage.objects.live().first().url,
        ContactPage.objects.live().first().url,
    ]


def _requetes_par_page(client, enfants: int, campagne: bool = False) -> dict[str, int]:
    """The queries of the whole request (middleware, page routing, frame and the page's own
    reads) of each parent page, for a family of `enfants` children."""
    _enfants(client.foyer, enfants)
    premier = Enfant.objects.filter(gardes__foyer=client.foyer).order_by("pk").first()
    # The first request checks the first-login steps once, then the session remembers them.
    client.get("/")
    comptes = {}
    for url in _pages_parent(premier, campagne):
        client.get(url)  # a first visit of a page may fill a cache: measure the next one
        with CaptureQueriesContext(connection) as requetes:
            reponse = client.get(url)
        assert reponse.status_code == 200, url
        comptes[url.replace(f"/{premier.pk}/", "/<enfant>/")] = len(requetes)
    return comptes


def _deux_familles(parent_client, creer_famille, campagne: bool = False):
    grande = Client()
    grande.foyer = creer_famille()
    grande.force_login(grande.foyer.titulaire)
    return (
        _requetes_par_page(parent_client, 1, campagne),
        _requetes_par_page(grande, 4, campagne),
    )


def test_chaque_page_parent_en_vingt_requetes_au_plus_quelle_que_soit_la_famille(
    parent_client, creer_famille
):
    un_enfant, quatre_enfants = _deux_familles(parent_client, creer_famille)
    assert len(un_enfant) >= 16
    trop = {url: n for url, n in quatre_enfants.items() if n > REQUETES_MAX_PAGE_PARENT}
    assert not trop, trop
    # Four children cost not one query more than one, on any page.
    assert quatre_enfants == un_enfant


def _publier_reglement(arbre, structure) -> None:
    """The structure's règlement intérieur, published: the families sign it, the « reste à
    faire » box and the dossier's state read it."""
    from home.models import ReglementPage

    page = ReglementPage(
        title="Règlement intérieur", slug="reglement", structure=structure, corps="<p>Art. 1</p>"
    )
    arbre.add_child(instance=page)
    page.save_revision().publish()
    structure.reglement_page = page
    structure.save()


def test_en_campagne_chaque_page_parent_en_vingt_requetes_au_plus(
    parent_client, creer_famille, arbre, structure
):
    """During a renewal campaign, with a règlement intérieur to sign, the Accueil's « reste à
    faire » box and the Dossier Famille's table compute the dossier's state (fiches, pièces,
    règlements): within the budget too (28 and 34 queries before 3 December 2026, then 23
    and 24), and never more for a bigger family."""
    aujourdhui = timezone.localdate()
    Campagne.objects.create(
        annee_scolaire="2030-2031",
        rentree=aujourdhui + datetime.timedelta(days=60),
        fin_annee=aujourdhui + datetime.timedelta(days=360),
        ouverture=aujourdhui - datetime.timedelta(days=10),
        cloture=aujourdhui + datetime.timedelta(days=30),
    )
    _publier_reglement(arbre, structure)
    un_enfant, quatre_enfants = _deux_familles(parent_client, creer_famille, campagne=True)
    assert len(un_enfant) >= 17
    assert quatre_enfants == un_enfant
    trop = {url: n for url, n in quatre_enfants.items() if n > REQUETES_MAX_PAGE_PARENT}
    assert not trop, trop


def test_la_barre_wagtail_n_est_montree_qu_au_personnel(parent_client, superutilisateur):
    from django.test import Client

    assert "wagtail-userbar" not in parent_client.get("/").content.decode()
    client = Client()
    client.force_login(superutilisateur)
    assert "wagtail-userbar" in client.get("/").content.decode()
