"""Staff roles with least privilege: each group reaches exactly its admin menus and URLs.
Communication: content only; Éducation: families, dossiers, structures, journal — no page
publishing; Régie: read-only family list (payments and balances come with facturation)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from famille.comptes.models import Compte
from famille.comptes.roles import COMMUNICATION, EDUCATION, REGIE, installer_groupes
from famille.dossiers.models import Enfant

# Top-level admin menus of each role ("help" is Wagtail's own, shown to everyone).
MENUS = {
    COMMUNICATION: {"explorer", "images", "documents", "settings", "reports", "help"},
    # « settings »: Destinataires des demandes (where the request forms' answers go).
    EDUCATION: {"education", "facturation", "imports-exports", "settings", "help"},
    # The families it reads are under its own « Régie » menu, not « Éducation » (issue 9.10).
    REGIE: {"regie", "facturation", "imports-exports", "help"},
}
MENU_EDUCATION_EDUCATION = {
    "comptes-famille",
    "enfants",
    "gardes",
    "structures",
    "ecoles",
    "classes",
    "journal-de-securite",
}


@pytest.fixture
def agents(arbre):
    groupes = installer_groupes()
    comptes = {}
    for nom, groupe in groupes.items():
        compte = Compte.objects.create_user(username=f"agent-{groupe.pk}", is_staff=True)
        compte.groups.set([groupe])
        comptes[nom] = compte
    return comptes


def acces(client, url: str) -> bool:
    """True when the page opens (a redirect within the same URL, like a setting's /1/, is
    fine); False when Wagtail refuses (403, or a redirect to the dashboard or the login)."""
    reponse = client.get(url, follow=True)
    final = reponse.redirect_chain[-1][0] if reponse.redirect_chain else url
    return reponse.status_code == 200 and final.startswith(url)


def menus(rf, user) -> dict[str, set[str] | None]:
    request = rf.get("/admin/")
    request.user = user
    resultat = {}
    for item in admin_menu.menu_items_for_request(request):
        sous_menu = getattr(item, "menu", None)
        resultat[item.name] = (
            {i.name for i in sous_menu.menu_items_for_request(request)} if sous_menu else None
        )
    return resultat


def test_les_groupes_existent_des_la_migration(db):
    # No installer_groupes() here: the post_migrate signal made them in the test database.
    groupes = Group.objects.filter(name__in=[EDUCATION, COMMUNICATION, REGIE])
    assert groupes.count() == 3
    for groupe in groupes:
        assert groupe.permissions.filter(codename="access_admin").exists()


def test_installer_groupes_est_idempotent(db):
    avant = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    installer_groupes()
    installer_groupes()
    apres = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    assert apres == avant


@pytest.mark.parametrize("role", [COMMUNICATION, EDUCATION, REGIE])
def test_chaque_role_voit_exactement_ses_menus(rf, agents, role):
    assert set(menus(rf, agents[role])) == MENUS[role]


def test_sous_menus(rf, agents):
    education = menus(rf, agents[EDUCATION])["education"]
    assert MENU_EDUCATION_EDUCATION <= education
    assert menus(rf, agents[REGIE])["regie"] == {
        "comptes-famille",
        "encaisser-ou-rembourser",
        "encaissements-et-recus",
        "bordereau-du-jour",
        "totaux-pour-la-tresorerie",
        "attestations-fiscales",
        "regisseurs",
    }
    assert menus(rf, agents[COMMUNICATION])["settings"] == {
        "contact-et-guide",
        "documents-a-accepter",
    }


def test_aucun_role_ne_gere_les_utilisateurs(client, agents):
    # Wagtail's Users admin would let its user give any group, superuser included.
    for compte in agents.values():
        client.force_login(compte)
        assert not acces(client, reverse("wagtailusers_users:index"))
        assert not acces(client, reverse("wagtailusers_groups:index"))


def test_communication_contenus_seulement(client, agents, arbre, creer_famille):
    foyer = creer_famille()
    client.force_login(agents[COMMUNICATION])

    for url in (
        reverse("wagtailadmin_explore", args=[arbre.pk]),
        reverse("wagtailadmin_pages:edit", args=[arbre.pk]),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
        reverse("wagtailsettings:edit", args=["home", "parametresportail"]),
    ):
        assert acces(client, url), url
    for url in (
        reverse("wagtailsnippets_dossiers_foyer:list"),
        reverse("wagtailsnippets_dossiers_foyer:edit", args=[foyer.pk]),
        reverse("wagtailsnippets_dossiers_enfant:list"),
        reverse("wagtailsnippets_comptes_evenement:list"),
        reverse("wagtailsnippets_comptes_structure:list"),
    ):
        assert not acces(client, url), url


def test_education_familles_mais_pas_la_publication(client, agents, arbre, creer_famille):
    foyer = creer_famille()
    client.force_login(agents[EDUCATION])

    for url in (
        reverse("wagtailsnippets_dossiers_foyer:list"),
        reverse("wagtailsnippets_dossiers_foyer:add"),
        reverse("wagtailsnippets_dossiers_foyer:edit", args=[foyer.pk]),
        reverse("wagtailsnippets_dossiers_enfant:add"),
        reverse("wagtailsnippets_dossiers_garde:list"),
        reverse("wagtailsnippets_comptes_structure:list"),
        reverse("wagtailsnippets_dossiers_ecole:list"),
        reverse("wagtailsnippets_dossiers_classe:list"),
        reverse("wagtailsnippets_comptes_evenement:list"),
    ):
        assert acces(client, url), url
    for url in (
        reverse("wagtailadmin_pages:edit", args=[arbre.pk]),
        reverse("wagtailadmin_pages:add_subpage", args=[arbre.pk]),
        reverse("wagtailsettings:edit", args=["home", "parametresportail"]),
        reverse("wagtailimages:index"),
    ):
        assert not acces(client, url), url
    titre = arbre.title
    client.post(
        reverse("wagtailadmin_pages:edit", args=[arbre.pk]),
        {"title": "Piraté", "slug": arbre.slug, "action-publish": "publish"},
    )
    arbre.refresh_from_db()
    assert arbre.title == titre


def test_regie_lecture_seule_des_familles(client, agents, arbre, creer_famille):
    foyer = creer_famille()
    enfant = Enfant.objects.create(nom="A", prenom="B", date_naissance="2018-01-01")
    client.force_login(agents[REGIE])

    assert acces(client, reverse("wagtailsnippets_dossiers_foyer:list"))
    assert acces(client, reverse("wagtailsnippets_dossiers_foyer:inspect", args=[foyer.pk]))
    for url in (
        reverse("wagtailsnippets_dossiers_foyer:add"),
        reverse("wagtailsnippets_dossiers_foyer:edit", args=[foyer.pk]),
        reverse("wagtailsnippets_dossiers_foyer:second_parent", args=[foyer.pk]),
        reverse("wagtailsnippets_dossiers_enfant:edit", args=[enfant.pk]),
        reverse("wagtailsnippets_comptes_evenement:list"),
        reverse("wagtailadmin_pages:edit", args=[arbre.pk]),
    ):
        assert not acces(client, url), url
    ville = foyer.ville
    client.post(
        reverse("wagtailsnippets_dossiers_foyer:edit", args=[foyer.pk]), {"ville": "Ailleurs"}
    )
    foyer.refresh_from_db()
    assert foyer.ville == ville
