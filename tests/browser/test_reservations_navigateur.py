"""The Réservations tab in Chromium at phone width, on the demo data: the demo parent books a
semaine type for two children, cancels one day, sees the calendar change without a full page
reload and the compte-rendu in the outbox; the separated parents each book their own weeks;
an axe scan of the tab finds no serious or critical violation."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from etapes import IDENTIFIANT, MOT_DE_PASSE
from playwright.sync_api import Page, expect
from test_accessibilite import _violations_graves

pytestmark = pytest.mark.django_db(transaction=True)

TELEPHONE = {"width": 375, "height": 740}
MERE, MOT_DE_PASSE_MERE = "F1002", "Riviere-Bleue-2026"
PERE, MOT_DE_PASSE_PERE = "F1003", "Montagne-Verte-2026"


def se_connecter(page: Page, live_server, identifiant: str, mot_de_passe: str) -> None:
    from famille.comptes import services
    from famille.comptes.models import Compte

    compte = Compte.objects.get(username=identifiant)
    services.enregistrer_consentements(compte, services.documents_a_accepter(compte))
    page.set_viewport_size(TELEPHONE)
    page.goto(live_server.url + "/connexion/")
    page.get_by_label("Identifiant").fill(identifiant)
    page.get_by_label("Mot de passe").fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url(live_server.url + "/")


def ouvrir_les_reservations(page: Page) -> None:
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Réservations"
    ).click()
    expect(page.get_by_role("heading", name="Réserver avec une semaine type")).to_be_visible()


def semaine_type(page: Page, enfants: list[str], jours: dict[str, list[str]], rythme: str):
    formulaire = page.get_by_role("region", name="Réserver avec une semaine type")
    groupe_enfants = formulaire.get_by_role("group", name="Pour quels enfants ?")
    for case in groupe_enfants.get_by_role("checkbox").all():
        case.uncheck()
    for prenom in enfants:
        groupe_enfants.get_by_label(prenom, exact=True).check()
    for prestation, noms in jours.items():
        groupe = formulaire.get_by_role("group", name=prestation, exact=True)
        for nom in noms:
            groupe.get_by_label(nom).check()
    formulaire.get_by_label(rythme).check()
    formulaire.get_by_role("button", name="Voir le récapitulatif").click()
    expect(page.get_by_role("heading", name="Vérifier avant de confirmer")).to_be_visible()


def confirmer(page: Page) -> None:
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("status").first).to_contain_text("Le compte-rendu")


def test_le_parent_reserve_une_semaine_type_puis_annule_un_jour(
    page: Page, live_server, demo, mailoutbox
):
    from famille.dossiers.models import DossierAnnuel
    from famille.reservations.models import Reservation

    # The Education service validated the Martins' dossier: they may book.
    DossierAnnuel.objects.filter(foyer__numero=IDENTIFIANT).update(
        statut=DossierAnnuel.Statut.VALIDE
    )
    se_connecter(page, live_server, IDENTIFIANT, MOT_DE_PASSE)
    ouvrir_les_reservations(page)
    # No full page reload from here on: a marker on the window survives htmx swaps only.
    page.evaluate("window.pasRecharge = true")

    semaine_type(
        page,
        ["Léo", "Emma"],
        {"Restauration scolaire": ["lundi", "jeudi"]},
        "Toutes les semaines",
    )
    expect(page.get_by_role("heading", name=re.compile(r"Seront réservés"))).to_be_visible()
    confirmer(page)
    # The days to come: the billing demo gives F1001 past days already consumed.
    reservees = Reservation.objects.filter(
        foyer__numero=IDENTIFIANT, statut="reservee", date__gte=timezone.localdate()
    )
    avant = reservees.count()
    assert avant > 4
    assert {r.enfant.prenom for r in reservees} == {"Léo", "Emma"}
    assert len(mailoutbox) == 1
    assert "Jours réservés" in mailoutbox[0].body

    # Cancel one of Léo's days by unticking it.
    leo = page.get_by_role("region", name="Calendrier de Léo")
    case = leo.locator("input[name=cases]:checked").first
    identifiant = case.get_attribute("id")
    expect(case).to_be_visible()
    case.uncheck()
    page.get_by_role("button", name="Vérifier mes choix").click()
    expect(page.get_by_role("heading", name="Seront annulés (1 jour)")).to_be_visible()
    confirmer(page)
    case = page.locator(f"#{identifiant}")
    expect(case).not_to_be_checked()
    expect(page.locator(f"#{identifiant}-etat")).to_contain_text("Libre")
    assert reservees.all().count() == avant - 1  # .all(): a fresh query, not the cache
    assert len(mailoutbox) == 2
    assert "Jours annulés" in mailoutbox[1].body
    assert page.evaluate("window.pasRecharge") is True


def test_les_parents_separes_reservent_chacun_leurs_semaines(
    page: Page, live_server, demo, browser, browser_context_args
):
    from famille.reservations.models import Prestation, Reservation

    for identifiant, mot_de_passe, parite in (
        (MERE, MOT_DE_PASSE_MERE, 0),
        (PERE, MOT_DE_PASSE_PERE, 1),
    ):
        contexte = browser.new_context(**browser_context_args)
        onglet = contexte.new_page()
        se_connecter(onglet, live_server, identifiant, mot_de_passe)
        ouvrir_les_reservations(onglet)
        # The other parent's weeks are shown as such on the calendar.
        expect(onglet.get_by_text("Garde de l'autre parent").first).to_be_attached()
        semaine_type(
            onglet, ["Lucas", "Chloé"], {"Accueil du matin": ["mardi"]}, "Toutes les semaines"
        )
        # Asked every week: the other parent's weeks are refused, with the reason.
        refus = onglet.get_by_role("region", name=re.compile("Ne pourront pas être pris"))
        expect(refus).to_contain_text(re.compile("autre parent"))
        confirmer(onglet)
        contexte.close()
        matin = Prestation.objects.get(code="matin", structure__slug="periscolaire")
        semaines = {
            r.date.isocalendar()[1] % 2
            for r in Reservation.objects.filter(
                foyer__numero=identifiant, prestation=matin, statut="reservee"
            )
        }
        assert semaines == {parite}


def test_l_onglet_reservations_sans_violation_grave(page: Page, live_server, demo):
    se_connecter(page, live_server, MERE, MOT_DE_PASSE_MERE)
    ouvrir_les_reservations(page)
    problemes = {"calendrier": _violations_graves(page)}
    # The summary, and the form refused with its error summary.
    page.get_by_role("region", name="Réserver avec une semaine type").get_by_role(
        "button", name="Voir le récapitulatif"
    ).click()
    expect(page.get_by_role("alert")).to_contain_text("Votre demande n'a pas été enregistrée")
    problemes["erreurs"] = _violations_graves(page)
    # The period opening in a few days: its countdown, kept up to date by reservations.js, and
    # its calendar read-only.
    page.get_by_role("link", name="Période suivante").click()
    expect(
        page.get_by_role("heading", name=re.compile("Les réservations ouvrent le"))
    ).to_be_visible()
    expect(page.locator("[data-compte-a-rebours]")).to_have_text(
        re.compile(r"Ouverture dans \d+ jours? \d+ heures?\.")
    )
    expect(page.locator("input[name=cases]")).to_have_count(0)
    problemes["compte à rebours"] = _violations_graves(page)
    assert {k: v for k, v in problemes.items() if v} == {}
