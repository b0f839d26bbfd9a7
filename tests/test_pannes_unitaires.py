"""The fast half of the opening morning's faults (issue 15; the real gunicorn is in
tests/test_pannes.py): the database failing under a page gives the French 503 page whether
the error comes from a view or from a middleware, and the page itself needs no query; the Redis
cache answers as an empty cache while Redis is down, and says so once in the logs."""

from __future__ import annotations

import logging
import socket
import time

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from portail import cache_redis

MESSAGE = "Le service est momentanément indisponible : réessayez dans un instant."


def _panne(seulement: str = ""):
    """A database that fails every query (or those naming `seulement`), as psycopg does when
    PostgreSQL restarts under an open connection."""

    def executer(execute, sql, params, many, context):
        if seulement in sql:
            raise OperationalError("terminating connection due to administrator command")
        return execute(sql, params, many, context)

    return connection.execute_wrapper(executer)


def _indisponible(reponse) -> str:
    contenu = reponse.content.decode()
    assert reponse.status_code == 503
    assert reponse["Retry-After"] == "10"
    assert "no-store" in reponse["Cache-Control"]
    assert MESSAGE in contenu
    assert "Traceback" not in contenu and "OperationalError" not in contenu
    return contenu


@pytest.mark.django_db
def test_la_base_en_panne_sous_un_middleware_donne_la_page_503(parent_client, caplog):
    # The session is read by a middleware before any view: Django's 500 handler receives it.
    parent_client.raise_request_exception = False
    with _panne(), caplog.at_level(logging.WARNING, logger="portail.pannes"):
        reponse = parent_client.get("/")
    _indisponible(reponse)
    assert [r.getMessage() for r in caplog.records if r.name == "portail.pannes"] == [
        "Base de données injoignable (OperationalError) : page « service indisponible » (503) "
        "pour GET /."
    ]


@pytest.mark.django_db
def test_la_base_en_panne_sous_une_vue_donne_la_page_503(parent_client):
    from famille.reservations.pages import ReservationsPage

    # Only the bookings' tables fail: the session and the user are read, the view fails.
    parent_client.raise_request_exception = False
    adresse = ReservationsPage.instance().url
    with _panne("reservations_"):
        reponse = parent_client.get(adresse)
    _indisponible(reponse)
    # The connection is back: the same page, without a restart.
    assert parent_client.get(adresse).status_code == 200


def test_la_page_503_ne_fait_aucune_requete():
    from portail.pannes import page_indisponible

    # No django_db mark: pytest-django refuses any query here, so the page made none.
    reponse = page_indisponible(None, InterfaceError("connection already closed"))
    assert "<title>Service momentanément indisponible — Portail Famille</title>" in (
        _indisponible(reponse)
    )


def test_une_autre_erreur_reste_une_erreur_500():
    from django.test import override_settings
    from django.urls import path

    def vue(request):
        raise ZeroDivisionError

    class Routes:
        urlpatterns = [path("boum/", vue)]
        handler500 = "portail.views.erreur_serveur"

    with override_settings(ROOT_URLCONF=Routes):
        reponse = Client(raise_request_exception=False).get("/boum/")
    assert reponse.status_code == 500
    assert "Une erreur est survenue" in reponse.content.decode()


# --- the Redis cache while Redis is down ---------------------------------------------------


@pytest.fixture
def redis_ferme(monkeypatch):
    """A Redis URL on a closed port, and a fresh view of Redis's state for the process."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(cache_redis, "_etat", cache_redis._Etat())
    return cache_redis.CacheRedisTolerante(f"redis://127.0.0.1:{port}/13", {})


def test_le_cache_redis_arrete_repond_comme_un_cache_vide(redis_ferme, caplog):
    cache = redis_ferme
    debut = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="portail.cache_redis"):
        assert cache.get("session", "défaut") == "défaut"
        cache.set("session", "valeur", 60)
        assert cache.get("session") is None
        # « first time only » guards let the request through (a booking is never refused).
        assert cache.add("jeton", 1, 60) is True
        assert cache.incr("limite") == 1
        assert cache.get_many(["a", "b"]) == {}
        assert cache.delete("jeton") is False
        for _ in range(50):
            cache.get("x")
    assert time.monotonic() - debut < 2
    messages = [r.getMessage() for r in caplog.records if r.name == "portail.cache_redis"]
    assert len(messages) == 1  # said once, not at every call
    assert messages[0].startswith("Cache Redis injoignable (ConnectionError) : le portail")


def test_le_cache_redis_reessaie_puis_le_dit_quand_redis_revient(redis_ferme, caplog, monkeypatch):
    import redis

    cache = redis_ferme
    with caplog.at_level(logging.WARNING, logger="portail.cache_redis"):
        assert cache.get("x") is None
        # Redis comes back (a working server on db 13), once the pause is over.
        vivant = cache_redis.CacheRedisTolerante("redis://127.0.0.1:6379/13", {})
        try:
            redis.Redis.from_url("redis://127.0.0.1:6379/13").ping()
        except redis.ConnectionError:
            pytest.fail("ce test a besoin de Redis sur 127.0.0.1:6379")
        assert vivant.get("x", "pause") == "pause"  # still within REESSAI: not even tried
        monkeypatch.setattr(cache_redis._etat, "pause_jusqua", 0.0)
        assert vivant.get("pannes:absente", "manque") == "manque"  # asked Redis, which answered
        assert cache_redis._etat.en_panne is False
    messages = [r.getMessage() for r in caplog.records if r.name == "portail.cache_redis"]
    assert messages[-1] == "Cache Redis de nouveau joignable : le cache reprend."
