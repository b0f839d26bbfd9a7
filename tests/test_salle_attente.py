"""The waiting room of the opening morning (issue 15.5, portail/salle_attente.py), with Redis
(db 9, flushed here) and per process (no Redis, or Redis down).

The server is « saturated » by counting requests in flight through the waiting room's own
operation (`service().entrer()`, what a running request does), so no test depends on timing."""

from __future__ import annotations

import logging

import pytest
import redis
from django.test import Client

from portail import salle_attente

REDIS_TESTS = "redis://127.0.0.1:6379/9"
LIMITE = 2


@pytest.fixture(params=["redis", "processus"])
def salle(request, settings):
    settings.SALLE_ATTENTE_LIMITE = LIMITE
    settings.SALLE_ATTENTE_LIMITE_PROCESSUS = LIMITE
    settings.SALLE_ATTENTE_REDIS_URL = REDIS_TESTS if request.param == "redis" else ""
    if request.param == "redis":
        redis.Redis.from_url(REDIS_TESTS).flushdb()
    salle_attente.reinitialiser()
    yield salle_attente.service()
    salle_attente.reinitialiser()
    if request.param == "redis":
        redis.Redis.from_url(REDIS_TESTS).flushdb()


def saturer(service, nombre=LIMITE):
    return [service.entrer() for _ in range(nombre)]


def en_attente(reponse) -> bool:
    return "X-Salle-Attente" in reponse.headers


def test_sans_saturation_on_entre_directement_et_on_est_marque_admis(salle, arbre):
    reponse = Client().get("/")
    assert reponse.status_code == 200
    assert not en_attente(reponse)
    assert salle_attente.COOKIE_ADMIS in reponse.cookies


def test_saturation_page_d_attente_legere_en_francais_avec_position(
    salle, arbre, django_assert_num_queries
):
    saturer(salle)
    with django_assert_num_queries(0):  # no session, no query: answered at once
        premiere = Client().get("/")
        seconde = Client().get("/")
    assert premiere.status_code == seconde.status_code == 200
    texte = premiere.content.decode()
    assert "Salle d'attente" in texte
    assert "Vous êtes n° 1 dans la file d'attente" in texte
    assert "Vous êtes le prochain à entrer" in texte
    assert '<meta http-equiv="refresh" content="5">' in texte
    assert "<script" not in texte and "style=" not in texte and "<style" not in texte
    assert premiere["X-Salle-Attente"] == "1"
    assert "no-store" in premiere["Cache-Control"]
    assert "unsafe-inline" not in premiere["Content-Security-Policy"]
    assert "Vous êtes n° 2" in seconde.content.decode()
    assert "Une famille est devant vous" in seconde.content.decode()


def test_recharger_garde_sa_place(salle, arbre):
    saturer(salle)
    a, b = Client(), Client()
    assert a.get("/")["X-Salle-Attente"] == "1"
    assert b.get("/")["X-Salle-Attente"] == "2"
    assert b.get("/")["X-Salle-Attente"] == "2"
    assert a.get("/")["X-Salle-Attente"] == "1"


def test_admission_dans_l_ordre_d_arrivee(salle, arbre):
    en_cours = saturer(salle)
    a, b, c = Client(), Client(), Client()
    assert [x.get("/")["X-Salle-Attente"] for x in (a, b, c)] == ["1", "2", "3"]

    salle.sortir(en_cours.pop())  # one request ends: one place
    # B refreshes first but A arrived before: B keeps waiting, A comes in at its refresh.
    assert b.get("/")["X-Salle-Attente"] == "2"
    entree = a.get("/")
    assert entree.status_code == 200 and not en_attente(entree)
    assert "Salle d'attente" not in entree.content.decode()
    # A's place is taken again (another request in flight): the queue moved up, A is gone.
    saturer(salle, 1)
    assert b.get("/")["X-Salle-Attente"] == "1"
    assert c.get("/")["X-Salle-Attente"] == "2"
    # A is admitted: it is never sent back while the server is saturated.
    assert not en_attente(a.get("/"))
    # A place frees: B, first in the queue, comes in; C moves up.
    salle.sortir(en_cours.pop())
    assert not en_attente(b.get("/"))
    saturer(salle, 1)
    assert c.get("/")["X-Salle-Attente"] == "1"


def test_une_famille_admise_n_est_jamais_renvoyee(salle, parent_client):
    assert not en_attente(parent_client.get("/"))
    saturer(salle, 5)
    for _ in range(3):
        reponse = parent_client.get("/")
        assert reponse.status_code == 200 and not en_attente(reponse)


def test_un_envoi_n_est_jamais_transforme_en_page_d_attente(salle, arbre):
    """A POST from a new arrival (a login form kept open since before the rush) is answered
    by its view — here the login form's French error — never by the waiting page."""
    saturer(salle)
    client = Client()
    reponse = client.post("/connexion/", {"username": "F0000", "password": "faux"})
    assert not en_attente(reponse)
    assert "Salle d'attente" not in reponse.content.decode()


@pytest.mark.parametrize(
    "chemin",
    [
        "/static/css/portail.css",
        "/admin/login/",
        "/banque/notification/1/",
        "/banque/retour/1/",
    ],
)
def test_fichiers_statiques_admin_et_banque_jamais_en_attente(salle, arbre, chemin):
    saturer(salle, 10)
    reponse = Client().get(chemin)
    assert not en_attente(reponse)
    corps = b"".join(reponse) if reponse.streaming else reponse.content
    assert b"Salle d'attente" not in corps


def test_limite_zero_desactive_la_salle(salle, arbre, settings):
    settings.SALLE_ATTENTE_LIMITE = 0
    saturer(salle, 10)
    reponse = Client().get("/")
    assert not en_attente(reponse)
    assert salle_attente.COOKIE_ADMIS not in reponse.cookies


def test_redis_en_panne_le_portail_repond_et_le_dit_une_fois(settings, arbre, caplog):
    settings.SALLE_ATTENTE_LIMITE = LIMITE
    settings.SALLE_ATTENTE_LIMITE_PROCESSUS = LIMITE
    settings.SALLE_ATTENTE_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    salle_attente.reinitialiser()
    try:
        with caplog.at_level(logging.WARNING, logger="portail.salle_attente"):
            reponses = [Client().get("/") for _ in range(3)]
            assert [r.status_code for r in reponses] == [200, 200, 200]
            assert not any(en_attente(r) for r in reponses)
            # The per-process limit still holds.
            saturer(salle_attente.service())
            attente = Client().get("/")
            assert attente["X-Salle-Attente"] == "1"
        pannes = [r for r in caplog.records if "Redis est injoignable" in r.getMessage()]
        assert len(pannes) == 1
        assert "par processus" in pannes[0].getMessage()
    finally:
        salle_attente.reinitialiser()


def test_sans_redis_le_journal_dit_que_la_salle_fonctionne_par_processus(settings, caplog):
    settings.SALLE_ATTENTE_REDIS_URL = ""
    salle_attente.reinitialiser()
    with caplog.at_level(logging.INFO, logger="portail.salle_attente"):
        salle_attente.service()
    salle_attente.reinitialiser()
    assert "fonctionne par processus" in caplog.text


def test_redis_de_retour_la_file_redevient_commune(settings, arbre, caplog):
    settings.SALLE_ATTENTE_LIMITE = LIMITE
    settings.SALLE_ATTENTE_REDIS_URL = "redis://127.0.0.1:1/0"
    salle_attente.reinitialiser()
    redis.Redis.from_url(REDIS_TESTS).flushdb()
    try:
        service = salle_attente.service()
        with caplog.at_level(logging.WARNING, logger="portail.salle_attente"):
            assert Client().get("/").status_code == 200
            # Redis comes back (here: at another address) and the retry delay has passed.
            service.redis = salle_attente.CompteurRedis(REDIS_TESTS)
            service.redis_en_panne_depuis -= salle_attente.REESSAI_REDIS + 1
            saturer(service)
            assert Client().get("/")["X-Salle-Attente"] == "1"
        messages = [r.getMessage() for r in caplog.records]
        assert sum("injoignable" in m for m in messages) == 1
        assert sum("répond à nouveau" in m for m in messages) == 1
        # The count is in Redis again, shared by every process.
        assert redis.Redis.from_url(REDIS_TESTS).zcard(salle_attente.CLE_EN_COURS) == LIMITE
    finally:
        salle_attente.reinitialiser()
        redis.Redis.from_url(REDIS_TESTS).flushdb()
