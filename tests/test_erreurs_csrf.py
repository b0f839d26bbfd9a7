"""A form posted without its CSRF token is refused with a French page that says what to do."""

from __future__ import annotations

from django.test import Client


def test_formulaire_sans_jeton_refuse_en_francais(arbre):
    client = Client(enforce_csrf_checks=True)
    reponse = client.post("/connexion/", {"username": "F1001", "password": "x"})
    assert reponse.status_code == 403
    html = reponse.content.decode()
    assert "Le formulaire a expiré" in html
    assert "rechargez-la" in html


def test_stockage_prive_sans_url_publique(settings):
    import pytest
    from django.core.files.storage import storages

    with pytest.raises(NotImplementedError):
        storages["private"].url("pieces/ab/fichier")
