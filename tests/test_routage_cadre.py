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
