"""Axe scan of every page of the parent's portal (Accueil, each Dossier Famille section, the
recap before « Valider », a refused form) at desktop and phone (390 px) widths: no serious or
critical violation. On the phone, a refused fiche famille brings its error summary into view
with the focus on it."""

from __future__ import annotations

import re

import pytest
from etapes import IDENTIFIANT, connecter
from playwright.sync_api import Page, expect
from test_accessibilite import _violations_graves

pytestmark = pytest.mark.django_db(transaction=True)

LARGEURS = [{"width": 1280, "height": 900}, {"width": 390, "height": 844}]


def pages_du_parent() -> list[str]:
    from famille.dossiers.models import Enfant

    enfant = Enfant.objects.filter(gardes__foyer__titulaire__username=IDENTIFIANT).first()
    return [
        "/",
        "/dossier-famille/",
        "/dossier-famille/profil/",
        "/dossier-famille/famille/",
        "/dossier-famille/contacts/",
        "/dossier-famille/assurance/",
        f"/dossier-famille/autorisations/{enfant.pk}/",
        f"/dossier-famille/sante/{enfant.pk}/",
        "/dossier-famille/pieces/",
        "/dossier-famille/reglement/",
        f"/dossier-famille/reglement/{enfant.pk}/",
        "/dossier-famille/mes-donnees/",
        "/dossier-famille/valider/famille/",
        "/dossier-famille/valider/contacts/",
        f"/dossier-famille/valider/sante/{enfant.pk}/",
    ]


def test_chaque_page_du_parent_sans_violation_grave(page: Page, live_server, demo):
    connecter(page, live_server)
    problemes = {}
    for taille in LARGEURS:
        page.set_viewport_size(taille)
        for url in pages_du_parent():
            page.goto(live_server.url + url)
            violations = _violations_graves(page)
            if violations:
                problemes[f"{url} @{taille['width']}px"] = violations
    assert problemes == {}


def test_fiche_famille_refusee_sur_telephone_resume_visible(page: Page, live_server, demo):
    page.set_viewport_size(LARGEURS[1])
    connecter(page, live_server)
    page.goto(live_server.url + "/dossier-famille/famille/")
    page.locator("#id_foyer-adresse").fill("")
    page.get_by_role("button", name=re.compile("^Enregistrer")).click()
    resume = page.get_by_test_id("resume-erreurs")
    expect(resume).to_be_focused()
    expect(resume).to_be_in_viewport()
    expect(page).to_have_title(re.compile(r"^Erreur : "))
    resume.get_by_role("link").first.click()
    expect(page.locator("#id_foyer-adresse")).to_be_focused()
    expect(page.locator("#id_foyer-adresse")).to_be_in_viewport()
    assert _violations_graves(page) == []
