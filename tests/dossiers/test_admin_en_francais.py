"""French and clear where staff look (issue 9.10): « Oui »/« Non » on the Inspecter pages, the
Aide menu leading to the Education service's guide, versions as dates, Wagtail's strings where
our screens show them, the Régie's own menu, no menu item leading to a refusal."""

from __future__ import annotations

import re

from aides_admin import texte
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from famille.dossiers.models import Foyer, SignatureReglement


def test_page_inspecter_sans_false_pour_la_regie(connecter, agent_regie, alice):
    client = connecter(agent_regie)
    Foyer.objects.filter(pk=alice.foyer.pk).update(dossier_papier=False)
    html = texte(client.get(f"/admin/snippets/dossiers/foyer/inspect/{alice.foyer.pk}/"))
    assert "Dossier papier" in html
    assert "False" not in html and "True" not in html
    assert "Non" in html


def test_le_menu_aide_mene_au_guide_du_service(connecter, agent_education):
    client = connecter(agent_education)
    tableau = texte(client.get("/admin/"))
    assert "/admin/guide-education/" in tableau
    assert "Guide de l" not in tableau and "Editor Guide" not in tableau
    guide = texte(client.get("/admin/guide-education/"))
    assert "Suivre le renouvellement des dossiers" in guide
    assert "Relancer par e-mail" in guide


def test_version_du_reglement_en_date(connecter, agent_education, alice, publier_reglement):
    page = publier_reglement("<p>Article 1.</p>")
    page.refresh_from_db()
    lea = alice.enfants["Léa"]
    SignatureReglement.objects.create(
        enfant=lea,
        compte=alice.compte,
        structure=page.structure,
        page=page,
        revision=page.live_revision,
        empreinte="x",
        nom="Alice Martin",
        lieu="Cestas",
        signe_le=timezone.now(),
    )
    client = connecter(agent_education)
    liste = texte(client.get(reverse("wagtailsnippets_dossiers_signaturereglement:list")))
    assert (
        "version du " + date_format(timezone.localtime(page.live_revision.created_at), "j F Y")
        in liste
    )


# --- Wagtail's clumsy strings, menus (issue 9.10) ---------------------------------------------


def test_le_bouton_d_ajout_d_une_actualite_est_en_francais(connecter, agent_communication):
    from home.models import FaqPage, HomePage

    client = connecter(agent_communication)
    accueil = texte(client.get(f"/admin/pages/{HomePage.objects.get().pk}/edit/"))
    assert "Ajouter une actualité" in accueil
    assert "un(e)" not in accueil
    faq = texte(client.get(f"/admin/pages/{FaqPage.objects.first().pk}/edit/"))
    assert "Ajouter une question" in faq and "un(e)" not in faq


def test_le_journal_compte_des_evenements(connecter, agent_education, alice):
    from famille.comptes.models import Evenement

    for _ in range(14):
        Evenement.objects.create(type=Evenement.Type.ECHEC, identifiant=alice.identifiant)
    html = texte(connecter(agent_education).get(reverse("wagtailsnippets_comptes_evenement:list")))
    assert "<title>Journal de sécurité" in html or "Journal de sécurité |" in html
    assert not re.search(r"\d+\s+journal", html, re.IGNORECASE)
    # No plural of the domain is a collective noun that a count would make wrong.
    for modele in apps.get_models():
        if modele._meta.app_label in ("comptes", "dossiers", "reservations", "facturation"):
            pluriel = str(modele._meta.verbose_name_plural)
            assert not pluriel.startswith(("journal", "historique")), modele


def test_la_regie_a_son_menu(rf, agent_regie, agent_education):
    from tests.comptes.test_roles import menus

    regie = menus(rf, agent_regie)
    assert "education" not in regie
    assert regie["regie"] == {
        "comptes-famille",
        "encaisser-ou-rembourser",
        "encaissements-et-recus",
        "bordereau-du-jour",
        "totaux-pour-la-tresorerie",
        "attestations-fiscales",
        "regisseurs",
    }
    education = menus(rf, agent_education)
    assert "regie" not in education and "comptes-famille" in education["education"]


def test_formulaires_sans_menu_menant_a_un_refus(
    rf, client, connecter, agent_education, agent_communication
):
    from test_forms_demande import reponses

    from forms import demo as formulaires_demo
    from tests.comptes.test_roles import menus

    formulaire = formulaires_demo.charger()
    client.post(formulaire.url, reponses())
    # Wagtail's « Formulaires » asks for page permissions that Éducation has not: not shown…
    education = menus(rf, agent_education)
    assert "forms" not in education
    assert "demandes-des-familles" in education["education"]
    # …its own entry opens, with the form and its answers.
    client_education = connecter(agent_education)
    demandes = client_education.get("/admin/demandes/")
    assert demandes.status_code == 200
    assert f"/admin/forms/submissions/{formulaire.pk}/" in texte(demandes)
    reponses_page = client_education.get(f"/admin/forms/submissions/{formulaire.pk}/")
    assert "Thomas Petit" in texte(reponses_page)
    # Communication edits the form page but does not read the answers.
    assert "forms" not in menus(rf, agent_communication)
    refus = connecter(agent_communication).get("/admin/demandes/")
    assert refus.status_code == 302 and refus["Location"] == "/admin/"


def test_pas_de_un_e_dans_les_listes(connecter, agent_education):
    client = connecter(agent_education)
    liste = texte(client.get(reverse("wagtailsnippets_dossiers_foyer:list")))
    assert "un(e)" not in liste
    assert "Ajouter : compte famille" in liste
    recherche = texte(client.get(reverse("wagtailsnippets_dossiers_ecole:list") + "?q=zzzz"))
    assert "Aucun(e)" not in recherche
