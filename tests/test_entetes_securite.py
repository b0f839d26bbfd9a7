"""Headers and storage a public body's portal owes its families: a Content-Security-Policy
without 'unsafe-inline' on the portal (the Wagtail admin keeps its own, relaxed one), a
Permissions-Policy, no-store on every page showing personal data, private files 0600 in
folders 0700."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from forms import demo as formulaires_demo

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"), "script"),
    (re.compile(r"<style[\s>]"), "style element"),
    (re.compile(r"\sstyle=\""), "style attribute"),
    (re.compile(r"\son[a-z]+=\""), "event handler"),
]


def directives(reponse) -> dict[str, list[str]]:
    politique = reponse["Content-Security-Policy"]
    return {
        morceaux[0]: morceaux[1:]
        for morceaux in (d.split() for d in politique.split(";") if d.strip())
    }


@pytest.fixture
def agent_client(connecter, agent_education):
    return connecter(agent_education)


def test_politique_stricte_sur_les_pages_du_portail(parent_client):
    for url in ("/", "/dossier-famille/", "/dossier-famille/profil/"):
        reponse = parent_client.get(url)
        assert reponse.status_code == 200, url
        politique = directives(reponse)
        assert politique["default-src"] == ["'self'"]
        assert politique["script-src"] == ["'self'"]
        assert politique["style-src"] == ["'self'"]
        assert politique["frame-ancestors"] == ["'none'"]
        assert politique["object-src"] == ["'none'"]
        assert "'unsafe-inline'" not in reponse["Content-Security-Policy"]


def test_aucun_script_ni_style_en_ligne_dans_les_pages_du_portail(client, arbre, creer_famille):
    formulaires_demo.charger()
    foyer = creer_famille()
    pages_anonymes = ["/", "/connexion/", "/mot-de-passe-oublie/", "/demande-compte-second-parent/"]
    for url in pages_anonymes:
        reponse = client.get(url)
        assert reponse.status_code == 200, url
        for motif, nom in INLINE:
            assert not motif.search(reponse.content.decode()), f"{nom} en ligne dans {url}"
    client.force_login(foyer.titulaire)
    for url in ("/", "/dossier-famille/", "/dossier-famille/profil/"):
        contenu = client.get(url).content.decode()
        for motif, nom in INLINE:
            assert not motif.search(contenu), f"{nom} en ligne dans {url}"


def test_l_administration_garde_sa_propre_politique(agent_client):
    reponse = agent_client.get("/admin/")
    assert reponse.status_code == 200
    politique = directives(reponse)
    assert politique["default-src"] == ["'self'"]
    # Wagtail's admin still needs inline scripts and styles; it frames its own previews.
    assert "'unsafe-inline'" in politique["script-src"]
    assert politique["frame-ancestors"] == ["'self'"]


def test_permissions_policy_refuse_les_capteurs(client, arbre):
    entete = client.get("/")["Permissions-Policy"]
    for fonction in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert fonction in entete


def test_pas_de_cache_pour_les_pages_du_parent(parent_client):
    for url in ("/dossier-famille/profil/", "/"):
        controle = parent_client.get(url)["Cache-Control"]
        assert "no-store" in controle and "private" in controle, url


def test_pas_de_cache_pour_l_administration(agent_client):
    assert "no-store" in agent_client.get("/admin/")["Cache-Control"]


def test_fichiers_prives_0600_dans_des_dossiers_0700():
    stockage = storages["private"]
    nom = stockage.save("pieces/2026/11/essai.pdf", ContentFile(b"%PDF-1.4 essai"))
    chemin = stockage.path(nom)
    assert stat.S_IMODE(os.stat(chemin).st_mode) == 0o600
    dossier = Path(chemin).parent
    racine = Path(stockage.location)
    while True:
        assert stat.S_IMODE(dossier.stat().st_mode) == 0o700, dossier
        if dossier == racine:
            break
        dossier = dossier.parent
