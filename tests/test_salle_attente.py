"""The waiting room of the opening morning (issue 15.5, portail/salle_attente.py), with Redis
(db 9, flushed here) and per process (no Redis), and with Redis down.

The server is « saturated » by counting requests in flight through the waiting room's own
operation (`service().entrer()`, what a running request does), so no test depends on timing;
the passes' expiry is reached by moving the clock (time-machine)."""

from __future__ import annotations

import logging
import os
import time

import pytest
import redis
import time_machine
from django.test import Client

from portail import salle_attente

# One Redis database per xdist worker: the fixture empties it, and two workers running these
# tests at once emptied each other's queue.
_TRAVAILLEUR = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
REDIS_TESTS = f"redis://127.0.0.1:6379/{(9, 14, 15, 12)[_TRAVAILLEUR % 4]}"
LIMITE = 2


def vider_redis():
    redis.Redis.from_url(REDIS_TESTS).flushdb()


@pytest.fixture(params=["redis", "processus"])
def salle(request, settings):
    settings.SALLE_ATTENTE_LIMITE = LIMITE
    settings.SALLE_ATTENTE_LIMITE_PROCESSUS = LIMITE
    settings.SALLE_ATTENTE_FENETRE = 1  # strict order; test_fenetre_d_admission widens it
    # Never « room for everyone »: test_place_pour_tous turns it on.
    settings.SALLE_ATTENTE_LIBRES_POUR_TOUS = 0
    settings.SALLE_ATTENTE_DUREE_ADMISSION = 15
    settings.SALLE_ATTENTE_DUREE_RESERVATION = 300
    settings.SALLE_ATTENTE_REDIS_URL = REDIS_TESTS if request.param == "redis" else ""
    if request.param == "redis":
        vider_redis()
    salle_attente.reinitialiser()
    yield salle_attente.service()
    salle_attente.reinitialiser()
    if request.param == "redis":
        vider_redis()


def saturer(service, nombre=LIMITE):
    return [service.entrer() for _ in range(nombre)]


def en_attente(reponse) -> bool:
    return "X-Salle-Attente" in reponse.headers


def plus_tard(secondes: float):
    return time_machine.travel(time.time() + secondes, tick=True)


def test_sans_saturation_on_entre_directement_avec_un_laissez_passer_court(salle, arbre):
    reponse = Client().get("/")
    assert reponse.status_code == 200
    assert not en_attente(reponse)
    assert reponse.cookies[salle_attente.COOKIE_ADMIS]["max-age"] == 15
    # Its request is no longer counted once answered.
    saturer(salle, LIMITE - 1)
    assert not en_attente(Client().get("/"))


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
    assert '<meta http-equiv="refresh" content="2">' in texte
    assert "perd sa place au bout de 14 secondes" in texte
    assert "<script" not in texte and "style=" not in texte and "<style" not in texte
    assert premiere["X-Salle-Attente"] == "1"
    assert "no-store" in premiere["Cache-Control"]
    assert "unsafe-inline" not in premiere["Content-Security-Policy"]
    assert "Vous êtes n° 2" in seconde.content.decode()
    assert "Une famille est devant vous" in seconde.content.decode()


def test_loin_dans_la_file_la_page_se_recharge_moins_souvent():
    # The queue lets in 1.5 families a second (the 2,500-family run): the delay is half the
    # expected wait, 2 s near the head, 60 s at most.
    assert salle_attente.rafraichissement(0, 1.5) == 2
    assert salle_attente.rafraichissement(4, 1.5) == 2
    assert salle_attente.rafraichissement(10, 1.5) == 3
    assert salle_attente.rafraichissement(90, 1.5) == 30
    assert salle_attente.rafraichissement(2000, 1.5) == 60
    # Before a rate is measured: the former rule (more refreshes, never late for its turn).
    assert salle_attente.rafraichissement(0) == 2
    assert salle_attente.rafraichissement(100) == 7
    assert salle_attente.rafraichissement(2500) == 30


def delai_affiche(reponse) -> int:
    texte = reponse.content.decode()
    debut = texte.index('<meta http-equiv="refresh" content="') + len(
        '<meta http-equiv="refresh" content="'
    )
    return int(texte[debut : texte.index('"', debut)])


def test_le_delai_suit_le_debit_mesure_de_la_file(salle, arbre):
    """Five families let in from the queue over 12 s: the family at the back of a longer queue
    refreshes every 34 s (half its expected wait), the head still every 2 s."""
    with time_machine.travel(time.time(), tick=False) as horloge:
        en_cours = saturer(salle)
        premiers = [Client() for _ in range(6)]
        for client in premiers:
            assert delai_affiche(client.get("/")) == 2  # no rate yet: the former rule
        for _ in range(5):
            horloge.shift(3)
            salle.sortir(en_cours.pop())
            assert not en_attente(premiers.pop(0).get("/"))  # the head comes in
            en_cours += saturer(salle, 1)  # its place is taken again
            for client in premiers:  # every waiting tab refreshes, as browsers do
                assert en_attente(client.get("/"))
        tete = premiers[0]
        for _ in range(28):
            salle.decider(None)  # more families queue
        dernier = Client().get("/")
        assert dernier["X-Salle-Attente"] == "30"
        assert delai_affiche(dernier) == 34 == salle_attente.rafraichissement(29, 5 / 12)
        assert "toutes les 34 secondes" in dernier.content.decode()
        assert "perd sa place au bout de 78 secondes" in dernier.content.decode()
        assert delai_affiche(tete.get("/")) == 2


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
    # A holds its short pass: not sent back while the server is saturated.
    assert not en_attente(a.get("/"))
    # A place frees: B, first in the queue, comes in; C moves up.
    salle.sortir(en_cours.pop())
    assert not en_attente(b.get("/"))
    saturer(salle, 1)
    assert c.get("/")["X-Salle-Attente"] == "1"


def test_un_nouvel_arrivant_ne_passe_pas_devant_ceux_qui_attendent(salle, arbre):
    """A free slot goes to the head of the queue, even if a newcomer asks first."""
    en_cours = saturer(salle)
    a = Client()
    assert a.get("/")["X-Salle-Attente"] == "1"
    salle.sortir(en_cours.pop())
    assert Client().get("/")["X-Salle-Attente"] == "2"
    assert not en_attente(a.get("/"))


def test_admettre_compte_aussitot_la_requete_en_cours(salle):
    """Admission and counting are one step: a slot given to a waiting family is taken at
    once, a newcomer asking right after cannot take it too."""
    en_cours = saturer(salle)
    a = salle.decider(None)
    b = salle.decider(None)
    assert (a[0], a[1], b[0], b[1]) == (False, 0, False, 1)
    for membre in en_cours:
        salle.sortir(membre)
    assert salle.decider(a[2])[0] is True
    assert salle.decider(b[2])[0] is True
    assert salle.decider(None)[0] is False  # A's and B's requests are running


def test_le_laissez_passer_expire_et_l_on_refait_la_queue(salle, arbre):
    client = Client()
    assert not en_attente(client.get("/"))
    saturer(salle)
    assert not en_attente(client.get("/"))  # within its pass
    with plus_tard(16):
        reponse = client.get("/")
    assert reponse["X-Salle-Attente"] == "1"


def test_une_famille_qui_reserve_n_est_jamais_renvoyee(salle, parent_client, rf):
    """A booking page (here the booking pass the Réservations views ask for) protects the
    family for 5 minutes after its last booking page, whatever the load."""
    middleware = salle_attente.SalleAttenteMiddleware(lambda r: None)
    requete = rf.get("/")
    requete.reservation_commencee = True
    from django.http import HttpResponse

    reponse = HttpResponse()
    middleware.marquer(requete, reponse)
    passe = reponse.cookies[salle_attente.COOKIE_RESERVATION]
    assert passe["max-age"] == 300
    parent_client.cookies[salle_attente.COOKIE_RESERVATION] = passe.value
    saturer(salle, 5)
    with plus_tard(200):
        for _ in range(3):
            page = parent_client.get("/")
            assert page.status_code == 200 and not en_attente(page)
    with plus_tard(301):
        saturer(salle, 5)  # (entries of requests older than a minute stop counting)
        assert en_attente(parent_client.get("/"))


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


def test_une_page_abandonnee_perd_sa_place(salle, arbre):
    saturer(salle)
    a, b = Client(), Client()
    assert a.get("/")["X-Salle-Attente"] == "1"
    assert b.get("/")["X-Salle-Attente"] == "2"
    if salle.redis is None:  # the process's queue runs on the monotonic clock
        premier = min(o for o, _ in salle.local.file.values())
        salle.local.file = {
            t: (o, e - 60 if o == premier else e) for t, (o, e) in salle.local.file.items()
        }
    else:
        with plus_tard(2 * 2 + salle_attente.MARGE_ABANDON + 1):
            b.get("/")  # B refreshed in time (2 × its delay + margin), A did not
    assert b.get("/")["X-Salle-Attente"] == "1"


@pytest.mark.parametrize("salle", ["redis"], indirect=True)  # deadlines on time.time()
def test_loin_dans_la_file_une_page_rechargee_a_temps_garde_sa_place(salle, arbre, settings):
    """Two families far back, told to refresh every 60 s: A refreshes 125 s later and keeps its
    place; B's tab stays closed 131 s, B comes back behind C, who arrived after it."""
    settings.SALLE_ATTENTE_EXPIRATION_EN_COURS = 3600  # the saturation lasts the whole test
    with time_machine.travel(time.time(), tick=False) as horloge:
        en_cours = saturer(salle)
        for _ in range(5):  # a measured rate: 5 families let in over 12 s
            ticket = salle.decider(None)[2]
            horloge.shift(3)
            salle.sortir(en_cours.pop())
            admis, *_, membre, _ = salle.decider(ticket)
            assert admis
            en_cours.append(membre)  # its request runs: the server stays saturated
        for _ in range(300):
            salle.decider(None)
        a, b, c = Client(), Client(), Client()
        pages = [a.get("/"), b.get("/")]
        assert [p["X-Salle-Attente"] for p in pages] == ["301", "302"]
        assert [delai_affiche(p) for p in pages] == [60, 60]
        horloge.shift(2 * 60 + 5)
        assert en_attente(a.get("/"))
        assert en_attente(c.get("/"))
        horloge.shift(6)  # B: 131 s without a refresh
        assert b.get("/")["X-Salle-Attente"] == "3"
        assert a.get("/")["X-Salle-Attente"] == "1"
        assert c.get("/")["X-Salle-Attente"] == "2"


def test_redis_en_panne_pas_de_salle_d_attente_et_le_journal_le_dit(settings, arbre, caplog):
    settings.SALLE_ATTENTE_LIMITE = LIMITE
    settings.SALLE_ATTENTE_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    salle_attente.reinitialiser()
    try:
        service = salle_attente.service()
        with caplog.at_level(logging.WARNING, logger="portail.salle_attente"):
            saturer(service, 5)
            reponses = [Client().get("/") for _ in range(3)]
        assert [r.status_code for r in reponses] == [200, 200, 200]
        assert not any(en_attente(r) for r in reponses)
        pannes = [r for r in caplog.records if "Redis est injoignable" in r.getMessage()]
        assert len(pannes) == 1
        assert "sans salle d'attente" in pannes[0].getMessage()
    finally:
        salle_attente.reinitialiser()


def test_redis_de_retour_la_salle_d_attente_revient(settings, arbre, caplog):
    settings.SALLE_ATTENTE_LIMITE = LIMITE
    settings.SALLE_ATTENTE_REDIS_URL = "redis://127.0.0.1:1/0"
    salle_attente.reinitialiser()
    vider_redis()
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
        vider_redis()


def test_sans_redis_le_journal_dit_que_la_salle_fonctionne_par_processus(settings, caplog):
    settings.SALLE_ATTENTE_REDIS_URL = ""
    salle_attente.reinitialiser()
    with caplog.at_level(logging.INFO, logger="portail.salle_attente"):
        salle_attente.service()
    salle_attente.reinitialiser()
    assert "fonctionne par processus" in caplog.text


@pytest.mark.parametrize(("limite", "averti"), [(4, False), (8, True), (12, True)])
def test_avertissement_au_demarrage_si_la_limite_ne_laisse_aucun_fil_libre(
    settings, monkeypatch, caplog, limite, averti
):
    settings.SALLE_ATTENTE_LIMITE = limite
    settings.SALLE_ATTENTE_REDIS_URL = REDIS_TESTS
    monkeypatch.setenv("WEB_CONCURRENCY", "2")
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    with caplog.at_level(logging.WARNING, logger="portail.salle_attente"):
        salle_attente.SalleAttenteMiddleware(lambda r: None)
    assert ("pas de fil libre" in caplog.text) is averti


def test_sans_redis_une_famille_garde_son_rang_dans_l_autre_processus():
    """Without Redis, each gunicorn process keeps its own queue, and a family's refreshes reach
    whichever process takes the connection: there it is ranked by the arrival written in its
    ticket, ahead of those who came after it, instead of going to the back each time."""
    with time_machine.travel(time.time(), tick=True) as horloge:
        a, b = salle_attente.CompteurLocal(), salle_attente.CompteurLocal()
        for processus in (a, b):
            processus.entrer()  # each process is busy: its share of the limit (1) is taken
        admis, devant, ticket, _ = a.decider(None, 1)
        assert (admis, devant) == (False, 0)
        horloge.shift(5)
        autres = [b.decider(None, 1)[2] for _ in range(3)]  # three later families, on B
        admis, devant, *_ = b.decider(ticket, 1)  # the first family's refresh reaches B
        assert (admis, devant) == (False, 0)
        assert [b.decider(t, 1)[1] for t in autres] == [1, 2, 3]
        b.sortir()
        assert not b.decider(autres[0], 1)[0]  # the slot is the first family's
        assert b.decider(ticket, 1)[0]


def test_sans_redis_une_famille_partie_ailleurs_ne_bloque_pas_la_file(monkeypatch):
    """Admitted by the other process, a family stops refreshing here: its entry goes soon after
    its missed refresh, and the next one here comes in."""
    horloge = [1000.0]  # the deadlines run on the monotonic clock
    monkeypatch.setattr(salle_attente.time, "monotonic", lambda: horloge[0])
    a = salle_attente.CompteurLocal()
    a.entrer()
    _, _, _, delai = a.decider(None, 1)
    horloge[0] += 1
    _, devant, seconde, _ = a.decider(None, 1)
    assert devant == 1
    a.sortir()
    horloge[0] += delai  # the second refreshes in time…
    assert a.decider(seconde, 1)[:2] == (False, 1)  # …the first is not late yet
    horloge[0] += salle_attente.MARGE_LOCALE  # the first went elsewhere
    assert a.decider(seconde, 1)[0]


def test_fenetre_d_admission(salle, settings):
    """With a window of 3, a free slot goes to whichever of the first 3 × (free slots) families
    refreshes first — never beyond, and never more requests in flight than the limit."""
    settings.SALLE_ATTENTE_FENETRE = 3
    en_cours = saturer(salle)
    tickets = [salle.decider(None)[2] for _ in range(8)]
    salle.sortir(en_cours.pop())  # one slot free: the first three may take it
    assert not salle.decider(tickets[3])[0]  # 4th: outside the window
    admis, *_, membre, _ = salle.decider(tickets[2])
    assert admis  # 3rd, first to refresh: in
    assert not salle.decider(tickets[0])[0]  # no slot left: the limit holds
    salle.sortir(membre)
    assert salle.decider(tickets[0])[0]


def test_place_pour_tous(salle, settings, arbre):
    """With enough slots free (here both), the server has room for everyone: a newcomer and a
    family far back come in at once although others wait; with one slot free only, the order
    of arrival holds again."""
    settings.SALLE_ATTENTE_LIBRES_POUR_TOUS = 2
    en_cours = saturer(salle)
    a, b, c = Client(), Client(), Client()
    assert [x.get("/")["X-Salle-Attente"] for x in (a, b, c)] == ["1", "2", "3"]
    for membre in en_cours:
        salle.sortir(membre)
    # Both slots free: C, last in the queue, refreshes first and comes in.
    assert not en_attente(c.get("/"))
    # Another request in flight: one slot free. B refreshes before A, but only A, first, may
    # take it.
    saturer(salle, 1)
    assert salle.decider(None)[0] is False  # a newcomer waits behind A and B
    assert b.get("/")["X-Salle-Attente"] == "2"
    assert not en_attente(a.get("/"))
