"""Opening morning, faults, with a real gunicorn on the production settings (issue 15):

- PostgreSQL restarted in the middle of a run: gunicorn reaches it through a TCP relay
  (tests/proxy_tcp.py) that the test cuts — every connection closed, new ones refused, as
  while PostgreSQL restarts — then restores. During the cut every request gets the French 503
  page (never a 500, never a traceback) and nothing is booked; once restored, the same
  gunicorn (same worker processes) answers 200 and the same summary confirms the booking.
- Redis down (REDIS_URL on a closed port): the portal works — login, pages, a booking
  confirmed — without its waiting room, and its log says so.

PostgreSQL only: gunicorn opens the test database from another process. The real PostgreSQL
and Redis are never stopped (other runs share them)."""

from __future__ import annotations

import datetime
import html
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import requests
from proxy_tcp import RelaisTCP

CHARGE = Path(__file__).resolve().parent.parent / "scripts" / "charge"
sys.path.insert(0, str(CHARGE))

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MESSAGE = "Le service est momentanément indisponible : réessayez dans un instant."
BALISE = re.compile(r"<input\b[^>]*>", re.S)


def _valeurs(page: str, nom: str) -> list[str]:
    valeurs = []
    for balise in BALISE.findall(page):
        if f'name="{nom}"' in balise:
            trouvee = re.search(r'value="([^"]*)"', balise)
            valeurs.append(html.unescape(trouvee.group(1)) if trouvee else "")
    return valeurs


def _url_base(hote: str, port: int) -> str:
    from django.db import connection

    r = connection.settings_dict
    auth = r["USER"] + (f":{r['PASSWORD']}" if r["PASSWORD"] else "")
    return f"postgres://{auth}@{hote}:{port}/{r['NAME']}"


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _preparer(familles: int) -> dict:
    import donnees
    from django.db import connections

    data = donnees.preparer(
        familles,
        ouverture=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1),
        semaines=1,
    )
    connections.close_all()
    return data


def _gunicorn(tmp_path, base: str, redis: str):
    import banc

    env = banc.environnement(base, redis, tmp_path, CHARGE_STATIQUES="simples")
    port = _port_libre()
    journal = tmp_path / "gunicorn.log"
    # One worker, two threads: each thread holds its own persistent connection.
    serveur = banc.lancer_gunicorn(env, port, 1, 2, journal)
    return serveur, f"http://127.0.0.1:{port}", journal


class Parent:
    """One family's browser: cookies, the CSRF token of the last form."""

    def __init__(self, racine: str, data: dict, identifiant: str) -> None:
        self.racine, self.data, self.identifiant = racine, data, identifiant
        self.session = requests.Session()

    def get(self, chemin: str) -> requests.Response:
        return self.session.get(self.racine + chemin, allow_redirects=False, timeout=30)

    def post(self, chemin: str, donnees, page: str) -> requests.Response:
        jeton = _valeurs(page, "csrfmiddlewaretoken")[0]
        return self.session.post(
            self.racine + chemin,
            data=[("csrfmiddlewaretoken", jeton), *donnees],
            headers={"Referer": self.racine + chemin},
            allow_redirects=False,
            timeout=30,
        )

    def connexion(self, page: str | None = None) -> requests.Response:
        page = page or self.get("/connexion/").text
        donnees = [("username", self.identifiant), ("password", self.data["mot_de_passe"])]
        return self.post("/connexion/", donnees, page)

    def recapitulatif(self) -> tuple[str, str]:
        """The whole period by « semaine type »: (the summary's page, its signed charge)."""
        page = self.get(self.data["url_periode"]).text
        donnees = [("enfants", e) for e in _valeurs(page, "enfants")]
        donnees += [("semaine", s) for s in _valeurs(page, "semaine")] + [("rythme", "toutes")]
        recap = self.post(self.data["url_semaine_type"], donnees, page)
        assert recap.status_code == 200, recap.status_code
        return recap.text, _valeurs(recap.text, "charge")[0]

    def confirmer(self, recap: str, charge: str) -> requests.Response:
        return self.post(self.data["url_periode"] + "confirmer/", [("charge", charge)], recap)


def _indisponible(reponse: requests.Response) -> None:
    assert reponse.status_code == 503, (reponse.status_code, reponse.text[:300])
    assert reponse.headers["Retry-After"] == "10"
    # Production's French typography puts non-breaking spaces before « : ».
    assert MESSAGE in reponse.text.replace("\u202f", " ").replace("\xa0", " ")
    assert "Traceback" not in reponse.text


def _arreter(serveur) -> None:
    """Quick shutdown (SIGINT): the test has read what it needed, no graceful wait."""
    serveur.send_signal(signal.SIGINT)
    try:
        serveur.wait(timeout=15)
    except subprocess.TimeoutExpired:
        serveur.kill()
        serveur.wait()


def _processus(serveur) -> set[int]:
    maitre = psutil.Process(serveur.pid)
    return {maitre.pid, *(p.pid for p in maitre.children())}


# The Redis db of this test alone in the suite (as db 9 is tests/test_salle_attente.py's):
# emptied first, so that no cached value of an earlier run (Wagtail's site paths of a database
# since flushed) reaches this gunicorn.
REDIS_TEST = "redis://127.0.0.1:6379/13"


def test_postgresql_redemarre_au_milieu_d_une_matinee(tmp_path):
    import redis

    from famille.reservations.models import Reservation

    redis.Redis.from_url(REDIS_TEST).flushdb()
    data = _preparer(2)
    relais = RelaisTCP("127.0.0.1", 5432).demarrer()
    serveur, racine, journal = _gunicorn(tmp_path, _url_base("127.0.0.1", relais.port), REDIS_TEST)
    try:
        premier, second = (Parent(racine, data, i) for i in data["identifiants"][:2])
        assert premier.connexion().status_code == 302
        recap, charge = premier.recapitulatif()
        page_connexion = second.get("/connexion/").text
        avant = _processus(serveur)

        relais.couper()  # PostgreSQL restarts: connections closed, new ones refused
        debut = time.monotonic()
        _indisponible(premier.confirmer(recap, charge))
        _indisponible(premier.get(data["url_periode"]))
        _indisponible(premier.get("/"))
        # The login page may still show (a process keeping the frame's pages needs no query
        # for it, famille/comptes/pages_cadre.py); else it is the French page. The login itself
        # is refused.
        page = second.get("/connexion/")
        if page.status_code != 200:
            _indisponible(page)
        _indisponible(second.connexion(page_connexion))
        assert time.monotonic() - debut < 10  # refused at once: nobody waits for a timeout
        assert not Reservation.objects.exists()  # nothing half-booked

        relais.retablir()  # PostgreSQL is back: no gunicorn restart
        for _ in range(4):  # every thread, whatever its connection went through
            assert premier.get(data["url_periode"]).status_code == 200
        fait = premier.confirmer(recap, charge)
        assert fait.status_code == 302
        suite = premier.get(fait.headers["Location"]).text
        assert "jours réservés" in suite and "déjà été confirmés" not in suite
        assert second.connexion().status_code == 302
        assert _processus(serveur) == avant  # the same master and worker
    finally:
        for parent in (premier, second):
            parent.session.close()  # no keep-alive connection for gunicorn to wait for
        _arreter(serveur)
        relais.arreter()
    lignes = Reservation.objects.all()
    assert lignes.exists()
    assert lignes.count() == len({(r.enfant_id, r.prestation_id, r.date) for r in lignes})
    sortie = journal.read_text()
    assert "Base de données injoignable" in sortie
    assert "Traceback" not in sortie, sortie[-3000:]


def test_redis_arrete_le_portail_fonctionne_sans_salle_d_attente(tmp_path):

    from famille.reservations.models import Reservation

    data = _preparer(1)
    serveur, racine, journal = _gunicorn(
        tmp_path, _url_base("127.0.0.1", 5432), f"redis://127.0.0.1:{_port_libre()}/13"
    )
    try:
        parent = Parent(racine, data, data["identifiants"][0])
        assert parent.connexion().status_code == 302
        assert parent.get("/").status_code == 200
        recap, charge = parent.recapitulatif()
        fait = parent.confirmer(recap, charge)
        assert fait.status_code == 302
        # The session survives (kept in the database): the parent is still logged in.
        suite = parent.get(fait.headers["Location"])
        assert suite.status_code == 200 and "jours réservés" in suite.text
    finally:
        parent.session.close()
        _arreter(serveur)
    assert Reservation.objects.exists()
    sortie = journal.read_text()
    salle = [ligne for ligne in sortie.splitlines() if "Salle d'attente" in ligne]
    assert any("Redis" in ligne and "injoignable" in ligne for ligne in salle), sortie[-3000:]
    assert "Cache Redis injoignable" in sortie
    # The compte-rendu could not be queued (django-q2 on Redis): logged, the booking kept.
    assert "envoyer_compte_rendu non mise en file" in sortie
    assert "Traceback" not in sortie, sortie[-3000:]
