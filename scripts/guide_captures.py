"""Screenshots of the user guide (issue 10.11), taken from the demo as a parent sees it on a
phone, then the guide rebuilt with them (home/guide.py).

Start the demo first (`bin/demo`), then:

    .venv/bin/python scripts/guide_captures.py [--url http://localhost:8000] [--publier]

Chromium is Debian's (/usr/bin/chromium) driven by Playwright, 390 px wide (a phone). The
demo's F1004 (never logged in) shows the first login without saving anything; F1001 (Martin,
the renewal in progress) shows the rest. The PNGs go to var/guide/captures/ and the PDF to
var/guide/guide-portail-famille.pdf (var/ is not in the repository: the guide is rebuilt, not
committed); --publier puts the PDF in the demo's document linked from the menu
« Guide utilisateur » (same database as bin/demo). Run it again whenever a screen changes."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
TELEPHONE = {"width": 390, "height": 844}
COMPTES = {"F1001": "Soleil-Cartable-42", "F1004": "Bienvenue-Cestas-F4"}


def connecter(page, url: str, identifiant: str) -> None:
    page.goto(url + "/connexion/")
    page.get_by_label("Identifiant").fill(identifiant)
    page.get_by_label("Mot de passe").first.fill(COMPTES[identifiant])
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_load_state("networkidle")


def prendre(navigateur, url: str, dossier: Path) -> list[str]:
    prises = []

    def capture(page, nom: str) -> None:
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(dossier / f"{nom}.png"))
        prises.append(nom)

    # Logged out: the login page and « Réinitialiser votre mot de passe ».
    contexte = navigateur.new_context(viewport=TELEPHONE, locale="fr-FR")
    page = contexte.new_page()
    page.goto(url + "/connexion/")
    capture(page, "connexion")
    page.goto(url + "/mot-de-passe-oublie/")
    capture(page, "reinitialisation")
    # F1004's first login: the personal password page, nothing submitted.
    connecter(page, url, "F1004")
    if "/premiere-connexion/" in page.url:
        capture(page, "premiere-connexion")
    contexte.close()

    # F1001: consents if the demo asks for them again, then each tab.
    contexte = navigateur.new_context(viewport=TELEPHONE, locale="fr-FR")
    page = contexte.new_page()
    connecter(page, url, "F1001")
    if "/consentements/" in page.url:
        capture(page, "consentements")
        for case in page.get_by_role("checkbox").all():
            case.check()
        page.get_by_role("button", name="Valider").click()
        page.wait_for_load_state("networkidle")
    page.goto(url + "/")
    capture(page, "accueil")
    page.get_by_role("button", name="Menu").click()
    page.wait_for_timeout(400)  # the menu's opening
    capture(page, "menu")
    for nom, chemin in (
        ("dossier-famille", "/dossier-famille/"),
        ("profil", "/dossier-famille/profil/"),
        ("fiche-famille", "/dossier-famille/famille/"),
        ("pieces", "/dossier-famille/pieces/"),
        ("reglement", "/dossier-famille/reglement/"),
    ):
        page.goto(url + chemin)
        capture(page, nom)
    acceder = page.get_by_role("link", name="Accéder à la fiche")
    if acceder.count():
        acceder.first.click()
        capture(page, "reglement-fiche")
    for nom in ("reservations", "historique", "paiement"):
        page.goto(f"{url}/{nom}/")
        capture(page, nom)
    contexte.close()
    return prises


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8000")
    parser.add_argument("--sortie", default=str(RACINE / "var" / "guide"))
    parser.add_argument("--publier", action="store_true", help="replace the demo's guide")
    args = parser.parse_args()
    sortie = Path(args.sortie)
    captures = sortie / "captures"
    captures.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        prises = prendre(navigateur, args.url.rstrip("/"), captures)
        navigateur.close()
    print(f"{len(prises)} captures dans {captures} : {', '.join(prises)}")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portail.settings.dev")
    import django

    django.setup()
    from home import guide
    from home.models import ParametresPortail

    contenu = guide.construire(captures, ParametresPortail.load())
    (sortie / "guide-portail-famille.pdf").write_bytes(contenu)
    print(f"Guide : {sortie / 'guide-portail-famille.pdf'} ({len(contenu) // 1024} Ko)")
    if args.publier:
        document = guide.publier(contenu)
        print(f"Publié : {document.url} (menu « Guide utilisateur »)")


if __name__ == "__main__":
    main()
