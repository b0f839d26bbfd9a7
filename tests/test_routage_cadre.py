"""The page routing of the portal's frame (famille/comptes/pages_cadre.py): the home page's
children read once per request, the view restrictions in one query. What a visitor sees must
not change: an unknown or unpublished page is a 404, a restriction set on the home page or on
a tab still guards every page below it."""

from __future__ import annotations

from wagtail.models import PageViewRestriction

from famille.dossiers.pages import DossierFamillePage
from home.models import FaqPage, HomePage


def test_une_page_inconnue_ou_depubliee_est_introuvable(parent_client):
    assert parent_client.get("/nulle-part/").status_code == 404
    faq = FaqPage.objects.live().first()
    adresse = faq.url
    assert parent_client.get(adresse).status_code == 200
    faq.unpublish()
    assert parent_client.get(adresse).status_code == 404


def test_un_mot_de_passe_sur_l_accueil_garde_les_onglets(parent_client):
    adresse = DossierFamillePage.url_de("profil")
    PageViewRestriction.objects.create(
        page=HomePage.objects.get(), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    reponse = parent_client.get(adresse)
    assert reponse.status_code == 200
    assert 'name="password"' in reponse.content.decode()


def test_une_restriction_de_groupe_sur_un_onglet_le_ferme_aux_parents(parent_client):
    from django.contrib.auth.models import Group

    restriction = PageViewRestriction.objects.create(
        page=DossierFamillePage.objects.get(), restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Personne"))
    # Wagtail sends a visitor outside the group to its login page.
    reponse = parent_client.get(DossierFamillePage.url_de("profil"))
    assert reponse.status_code == 302 and "/login/" in reponse["Location"]
    # The other tabs and the Accueil are not concerned.
    assert parent_client.get("/").status_code == 200


# --- The frame's pages kept by each process for one generation of the page tree ------------


def _premiere_visite(client) -> None:
    # The first page of a session reads a few things of its own: measured after it.
    assert client.get("/").status_code == 200


def _requetes(client, adresse: str) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as capture:
        reponse = client.get(adresse)
    assert reponse.status_code == 200
    return len(capture), reponse.content.decode()


def test_une_publication_se_voit_a_la_page_suivante(parent_client):
    """The FAQ is kept with the home page's children: published again, its new title shows on
    the very next page."""
    _premiere_visite(parent_client)
    faq = FaqPage.objects.live().get()
    assert "Questions des parents" not in _requetes(parent_client, faq.url)[1]
    faq = FaqPage.objects.live().get()
    faq.title = "Questions des parents"
    faq.save_revision().publish()
    _, page = _requetes(parent_client, faq.url)
    assert "Questions des parents" in page


def test_une_publication_dans_un_autre_processus_se_voit_a_la_page_suivante(parent_client):
    """Another gunicorn process publishes: its signal renews the generation in the shared
    cache, which this process reads at each request, and it reads the tree again."""
    import time

    from django.core.cache import caches

    from portail.cache_pages import CLE_GENERATION

    _premiere_visite(parent_client)
    faq = FaqPage.objects.live().get()
    _requetes(parent_client, faq.url)
    # The other process's write, without this process's signals.
    FaqPage.objects.filter(pk=faq.pk).update(title="Titre publié ailleurs")
    _, page = _requetes(parent_client, faq.url)
    assert "Titre publié ailleurs" not in page  # kept until the generation changes
    caches["default"].set(CLE_GENERATION, time.time_ns(), None)
    _, page = _requetes(parent_client, faq.url)
    assert "Titre publié ailleurs" in page


def test_une_page_creee_par_le_code_est_servie_tout_de_suite(parent_client):
    """A page created live without a publication (a script, the demo) is routed at once."""
    accueil = HomePage.objects.get()
    _requetes(parent_client, "/")
    accueil.add_child(instance=FaqPage(title="Autres questions", slug="autres-questions"))
    assert parent_client.get("/autres-questions/").status_code == 200


def test_le_cadre_garde_evite_quatre_requetes_et_se_passe_du_cache(parent_client, monkeypatch):
    """Kept, the site, the home page and its children are not read again (four queries at
    least); the cache not answering (no generation), every request reads them, as before —
    still routed, an unpublished page still a 404."""
    from famille.comptes import pages_cadre

    _premiere_visite(parent_client)
    adresse = DossierFamillePage.url_de("profil")
    _requetes(parent_client, adresse)
    gardee, _ = _requetes(parent_client, adresse)
    monkeypatch.setattr(pages_cadre, "generation_partagee", lambda: None)
    relue, _ = _requetes(parent_client, adresse)
    assert relue >= gardee + 4
    faq = FaqPage.objects.live().get()
    faq.unpublish()
    assert parent_client.get(faq.url or "/faq/").status_code == 404


def test_les_noms_d_hote_des_visiteurs_ne_font_pas_grossir_le_cadre_garde(parent_client, settings):
    """Any host name a visitor sends (a wildcard in ALLOWED_HOSTS) is looked up, but the kept
    values stay bounded; an address outside ALLOWED_HOSTS is refused as before (400)."""
    from famille.comptes import pages_cadre

    settings.ALLOWED_HOSTS = [".example.fr", "testserver"]
    for i in range(pages_cadre.GARDEES_MAX + 10):
        assert parent_client.get("/faq/", HTTP_HOST=f"s{i}.example.fr").status_code == 200
    assert len(pages_cadre._Gardees.valeurs) <= pages_cadre.GARDEES_MAX
    assert parent_client.get("/faq/", HTTP_HOST="ailleurs.test").status_code == 400


def test_les_restrictions_gardees_ne_coutent_aucune_requete_et_suivent_les_changements(
    parent_client,
):
    """A tab's view restrictions come from those kept for the generation: no query once kept.
    A restriction saved starts a new generation: the very next page is guarded."""
    adresse = DossierFamillePage.url_de("profil")
    _premiere_visite(parent_client)
    _requetes(parent_client, adresse)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as capture:
        assert parent_client.get(adresse).status_code == 200
    assert not [q for q in capture if "wagtailcore_pageviewrestriction" in q["sql"]]
    PageViewRestriction.objects.create(
        page=HomePage.objects.get(), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert 'name="password"' in parent_client.get(adresse).content.decode()


def test_avec_un_alias_dans_l_arbre_les_restrictions_sont_lues_par_page(parent_client):
    """An alias's restrictions are its source's: with one in the tree, each page reads its
    own again (one query), and a restriction on the home page still guards the tabs."""
    faq = FaqPage.objects.live().get()
    faq.create_alias(update_slug="faq-alias")
    adresse = DossierFamillePage.url_de("profil")
    _premiere_visite(parent_client)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as capture:
        assert parent_client.get(adresse).status_code == 200
    assert [q for q in capture if "wagtailcore_pageviewrestriction" in q["sql"]]
    PageViewRestriction.objects.create(
        page=HomePage.objects.get(), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert 'name="password"' in parent_client.get(adresse).content.decode()
