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

import pytest

from famille.dossiers.models import Enfant, Garde

REQUETES_MAX_PAGE_PARENT = 20


def _enfants(foyer, nombre: int) -> None:
    for i in range(nombre):
        enfant = Enfant.objects.create(
            nom="Martin", prenom=f"Enfant{i}", date_naissance=datetime.date(2016 + i % 4, 3, 1)
        )
        Garde.objects.create(foyer=foyer, enfant=enfant)


def _pages_parent():
    from famille.dossiers.pages import DossierFamillePage
    from famille.facturation.models.pages import HistoriquePage, PaiementPage

    return [
        "/",
        HistoriquePage.url_de(),
        PaiementPage.url_de(),
        DossierFamillePage.url_de("accueil"),
        DossierFamillePage.url_de("profil"),
        DossierFamillePage.url_de("fiche_famille"),
        DossierFamillePage.url_de("pieces"),
    ]


@pytest.mark.parametrize("enfants", [1, 4])
def test_chaque_page_parent_en_vingt_requetes_au_plus(
    parent_client, django_assert_max_num_queries, enfants
):
    _enfants(parent_client.foyer, enfants)
    # The first request checks the first-login steps once, then the session remembers them.
    parent_client.get("/")
    for url in _pages_parent():
        with django_assert_max_num_queries(REQUETES_MAX_PAGE_PARENT, info=url):
            reponse = parent_client.get(url)
        assert reponse.status_code == 200, url


def test_la_barre_wagtail_n_est_montree_qu_au_personnel(parent_client, superutilisateur):
    from django.test import Client

    assert "wagtail-userbar" not in parent_client.get("/").content.decode()
    client = Client()
    client.force_login(superutilisateur)
    assert "wagtail-userbar" in client.get("/").content.decode()
