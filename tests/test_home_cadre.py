"""The portal's frame: no third-party request, the parent's header, French error pages and a
French admin."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import path
from django.utils import timezone
from pages_publiques import PAGES_PUBLIQUES

from portail import urls as portail_urls

# --- no third-party request -------------------------------------------------------------------

# Tags and attributes that make the browser fetch something by themselves (links <a> do not).
RESSOURCES = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
}
URL_CSS = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)")


class _Ressources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.dans_style = False

    def handle_starttag(self, tag, attrs):
        attributs = dict(attrs)
        for nom in RESSOURCES.get(tag, ()):
            valeur = attributs.get(nom)
            if valeur:
                self.urls.extend(u.strip().split(" ")[0] for u in valeur.split(","))
        if attributs.get("style"):
            self.urls.extend(_urls_css(attributs["style"]))
        self.dans_style = tag == "style"

    def handle_data(self, data):
        if self.dans_style:
            self.urls.extend(_urls_css(data))


def _urls_css(texte: str) -> list[str]:
    return [a or b for a, b in URL_CSS.findall(texte)]


def _externe(url: str) -> bool:
    url = url.strip().lower()
    if url.startswith(("data:", "#", "mailto:", "tel:")):
        return False
    return url.startswith(("http://", "https://", "//")) and not url.split("//", 1)[1].startswith(
        ("testserver/", "testserver:", "localhost/", "localhost:")
    )


def _ressources_externes(html: str) -> list[str]:
    analyse = _Ressources()
    analyse.feed(html)
    assert analyse.urls, "la page charge au moins sa feuille de style"
    return [u for u in analyse.urls if _externe(u)]


def test_le_detecteur_voit_une_ressource_externe():
    html = (
        '<link rel="stylesheet" href="/static/css/portail.css">'
        '<script src="https://cdn.jsdelivr.net/npm/bootstrap.js"></script>'
        "<style>@font-face { src: url('https://fonts.gstatic.com/x.woff2') }</style>"
        '<img src="//tracker.example/pixel.gif"><a href="https://www.cnil.fr/">CNIL</a>'
    )
    assert _ressources_externes(html) == [
        "https://cdn.jsdelivr.net/npm/bootstrap.js",
        "https://fonts.gstatic.com/x.woff2",
        "//tracker.example/pixel.gif",
    ]


@pytest.mark.django_db
def test_aucune_requete_vers_un_tiers_sur_les_pages_publiques(client, demo):
    for url in PAGES_PUBLIQUES:
        reponse = client.get(url)
        assert reponse.status_code in (200, 404), url
        assert _ressources_externes(reponse.content.decode()) == [], url


def test_aucune_requete_vers_un_tiers_pour_un_parent_connecte(parent_client):
    for url in ("/", "/dossier-famille/", "/reservations/", "/historique/", "/paiement/"):
        reponse = parent_client.get(url)
        assert reponse.status_code == 200, url
        assert _ressources_externes(reponse.content.decode()) == [], url


def test_feuilles_de_style_et_scripts_servis_par_le_portail():
    for chemin in (
        "vendor/bootstrap/css/bootstrap.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "css/portail.css",
    ):
        fichier = finders.find(chemin)
        assert fichier, chemin
        texte = Path(fichier).read_text(encoding="utf-8")
        # Bootstrap's inline SVG icons name the SVG namespace: that is no request.
        externes = [u for u in _urls_css(texte) if _externe(u)]
        assert externes == [], chemin
        assert "fonts.googleapis" not in texte and "@import" not in texte


@pytest.mark.django_db
def test_bootstrap_servi_par_whitenoise(client, arbre):
    reponse = client.get("/static/vendor/bootstrap/css/bootstrap.min.css")
    assert reponse.status_code == 200
    assert b"Bootstrap" in b"".join(reponse.streaming_content)[:200]
    assert (
        "whitenoise.middleware.WhiteNoiseMiddleware"
        in __import__("django.conf").conf.settings.MIDDLEWARE
    )


# --- focus and contrast (RGAA 3.2, 3.3, 10.7) -------------------------------------------------


def _css_portail() -> str:
    return Path(finders.find("css/portail.css")).read_text(encoding="utf-8")


def _luminance(hexa: str) -> float:
    hexa = hexa.lstrip("#")
    canaux = [int(hexa[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lineaires = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in canaux]
    return 0.2126 * lineaires[0] + 0.7152 * lineaires[1] + 0.0722 * lineaires[2]


def _contraste(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_focus_clavier_visible():
    css = _css_portail()
    regle = re.search(r"([^{}]*:focus-visible[^{}]*)\{([^}]*)\}", css)
    assert regle, "une règle :focus-visible existe"
    for element in ("a:focus-visible", "button:focus-visible", "input:focus-visible"):
        assert element in regle.group(1)
    assert re.search(r"outline:\s*[2-9]px solid", regle.group(2))
    assert ".lien-evitement:focus" in css


def test_couleurs_du_cadre_contrastees_aa():
    css = _css_portail()
    couleurs = dict(re.findall(r"--pf-(\w+):\s*(#[0-9a-fA-F]{6})", css))
    # Header text, tabs, logout button: white on the portal's colours, at least 4.5:1.
    for nom in ("bleu", "violet", "rouge"):
        assert _contraste(couleurs[nom], "#ffffff") >= 4.5, nom
    assert _contraste("#14314f", "#e9eef4") >= 4.5  # tab text on the tab bar
    assert _contraste("#f1f3f5", "#1f2a36") >= 4.5  # footer


# --- the parent's header ----------------------------------------------------------------------


def _entete(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


def test_entete_du_parent(parent_client):
    html = parent_client.get("/").content.decode()
    entete = _entete(html)
    assert re.search(r'class="btn btn-sm btn-deconnexion"[^>]*>Se déconnecter<', entete)
    assert parent_client.foyer.titulaire.get_full_name() in entete
    assert f"Mise à jour du site : {timezone.localdate():%d/%m/%Y}" in entete
    # One structure: its name, no drop-down.
    assert "Structure : Service périscolaire" in entete
    assert "<select" not in entete
    assert "--pf-rouge: #a4161a" in _css_portail()
    assert re.search(r"\.btn-deconnexion\s*\{[^}]*background:\s*var\(--pf-rouge\)", _css_portail())


def test_liste_des_structures_avec_bouton_changer_sans_envoi_automatique(parent_client):
    from famille.comptes.models import Structure

    autre = Structure.objects.create(nom="Centre de loisirs Les Pins", slug="pins", commune="X")
    parent_client.foyer.titulaire.structures.add(autre)
    entete = _entete(parent_client.get("/").content.decode())
    assert '<label for="choix-structure"' in entete
    assert "<select" in entete and "Centre de loisirs Les Pins" in entete
    assert ">Changer</button>" in entete
    assert "onchange" not in entete  # RGAA 7.5: no change of context without a button

    reponse = parent_client.post("/structure/", {"structure": autre.pk, "next": "/faq/"})
    assert reponse.status_code == 302 and reponse["Location"] == "/faq/"
    entete = _entete(parent_client.get("/").content.decode())
    assert re.search(rf'<option value="{autre.pk}" selected>', entete)


def test_visiteur_sans_entete_de_parent(client, arbre):
    entete = _entete(client.get("/").content.decode())
    assert "Se déconnecter" not in entete
    assert "Mise à jour du site" not in entete


# --- error pages ------------------------------------------------------------------------------


def _boum(request):
    raise RuntimeError("panne simulée")


urlpatterns = [path("boum/", _boum), *portail_urls.urlpatterns]
handler404 = portail_urls.handler404
handler500 = portail_urls.handler500


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_erreur_serveur_en_francais(arbre):
    client = Client(raise_request_exception=False)
    reponse = client.get("/boum/")
    assert reponse.status_code == 500
    html = reponse.content.decode()
    assert '<html lang="fr">' in html
    assert "<h1>Une erreur est survenue</h1>" in html
    assert "contactez le service Éducation" in html
    assert "panne simulée" not in html


def test_page_introuvable_dans_le_cadre(client, arbre):
    reponse = client.get("/cette-page/nexiste/pas/")
    html = reponse.content.decode()
    assert reponse.status_code == 404
    assert "<h1>Page introuvable</h1>" in html
    assert 'aria-label="Menu principal"' in html and "<footer" in html


# --- the Wagtail admin in French --------------------------------------------------------------


def test_connexion_a_l_administration_en_francais(client, arbre):
    html = client.get("/admin/login/").content.decode()
    assert '<html lang="fr"' in html
    assert "<h1>S&#x27;identifier</h1>" in html or "<h1>S'identifier</h1>" in html
    assert "Mot de passe" in html
    assert "Password" not in html
    assert "Se souvenir de moi" in html


def test_administration_en_francais_pour_le_personnel(client, arbre):
    from famille.comptes.models import Compte
    from famille.comptes.roles import COMMUNICATION, installer_groupes

    compte = Compte.objects.create_user("redaction", password="x" * 12, is_staff=True)
    compte.groups.set([installer_groupes()[COMMUNICATION]])
    client.force_login(compte)
    html = client.get("/admin/").content.decode()
    assert '<html lang="fr"' in html
    assert "Tableau de bord" in html
    assert "Dashboard" not in html
