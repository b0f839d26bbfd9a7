"""Throughput of the pages of an opening morning (issue 15.4), against gunicorn with the
production settings and PostgreSQL on 127.0.0.1, all measured in ONE run so that their ratios
hold on a loaded machine: a public CMS page served from the cache (a new visitor each time, no
cookie), the same page rendered (a visitor with an unknown session cookie, which the cache
never serves), a parent's Accueil and the Réservations countdown (logged-in parents).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portail_bench_pages \\
        .venv/bin/python scripts/bench_pages_publiques.py [--duree 8] [--clients 8]
        [--configurations gthread:2:4,sync:4:1,gthread:4:2] [--tours 3]

Each configuration (worker class : processes : threads) starts its own gunicorn (warmed first,
not measured). The named database is EMPTIED and refilled (scripts/charge/outils.py: 40
families, a period opening tomorrow); the waiting room is turned off (SALLE_ATTENTE_LIMITE=0:
this measures what a page costs, not who is let in). Also prints the Cache-Control of a
hashed static file (whitenoise). The load generator runs here too: its CPU share is printed."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE / "scripts" / "charge"))

from banc import PYTHON, arreter, environnement, outil  # noqa: E402

JETON = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
COOKIE = re.compile(r"^([^=;]+)=([^;]*)")


class Visiteur:
    """One browser: a keep-alive connection and its cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.cx = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def envoyer(self, methode: str, chemin: str, corps: str | None = None, garder=True):
        entetes = {"Host": "127.0.0.1"}
        if self.cookies:
            entetes["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if corps is not None:
            entetes["Content-Type"] = "application/x-www-form-urlencoded"
        for essai in (1, 2):
            try:
                self.cx.request(methode, chemin, body=corps, headers=entetes)
                reponse = self.cx.getresponse()
                texte = reponse.read().decode()
                break
            except (OSError, http.client.HTTPException):
                # A keep-alive connection closed by gunicorn while idle (between two
                # measures) is retried once on a new one; a second failure counts.
                self.cx.close()
                self.cx = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if essai == 2:
                    return 0, ""
        if garder:
            for valeur in reponse.headers.get_all("Set-Cookie") or []:
                if m := COOKIE.match(valeur):
                    self.cookies[m.group(1)] = m.group(2)
        return reponse.status, texte

    def connecter(self, identifiant: str, mot_de_passe: str) -> None:
        _, page = self.envoyer("GET", "/connexion/")
        corps = (
            f"csrfmiddlewaretoken={JETON.search(page).group(1)}"
            f"&username={identifiant}&password={mot_de_passe}"
        )
        statut, _ = self.envoyer("POST", "/connexion/", corps)
        assert statut == 302, f"connexion refusée ({statut})"


def mesurer(visiteurs: list[Visiteur], chemin: str, duree: float, garder: bool) -> dict:
    durees: list[float] = []
    echecs = [0]
    verrou = threading.Lock()
    fin = time.perf_counter() + duree

    def jouer(visiteur: Visiteur) -> None:
        locales, ratees = [], 0
        while time.perf_counter() < fin:
            t0 = time.perf_counter()
            statut, _ = visiteur.envoyer("GET", chemin, garder=garder)
            if statut != 200:
                ratees += 1
            locales.append(time.perf_counter() - t0)
        with verrou:
            durees.extend(locales)
            echecs[0] += ratees

    debut = time.perf_counter()
    fils = [threading.Thread(target=jouer, args=(v,)) for v in visiteurs]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    total = time.perf_counter() - debut
    durees.sort()
    return {
        "requetes": len(durees),
        "par_s": len(durees) / total,
        "p50_ms": statistics.median(durees) * 1000,
        "p95_ms": durees[max(int(len(durees) * 0.95) - 1, 0)] * 1000,
        "echecs": echecs[0],
    }


def lancer(env: dict, port: int, classe: str, workers: int, threads: int, journal: Path):
    commande = [
        str(Path(PYTHON).with_name("gunicorn")),
        "portail.wsgi",
        "--config",
        str(RACINE / "portail/gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        classe,
        "--access-logfile",
        "/dev/null",
    ]
    env = {**env, "WEB_CONCURRENCY": str(workers), "GUNICORN_THREADS": str(threads)}
    serveur = subprocess.Popen(
        commande, env=env, cwd=RACINE, stdout=open(journal, "w"), stderr=subprocess.STDOUT
    )
    limite = time.time() + 120
    while time.time() < limite:
        if serveur.poll() is not None:
            raise SystemExit(f"gunicorn s'est arrêté : voir {journal}")
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
            return serveur
        except OSError:
            time.sleep(0.3)
    arreter(serveur)
    raise SystemExit("gunicorn n'a pas démarré")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duree", type=float, default=8.0, help="secondes par mesure")
    parser.add_argument("--clients", type=int, default=8, help="clients en parallèle")
    parser.add_argument("--configurations", default="gthread:2:4")
    parser.add_argument("--tours", type=int, default=1, help="tours des configurations")
    parser.add_argument("--port", type=int, default=8831)
    parser.add_argument("--sortie", type=Path, default=RACINE / "var/bench_pages")
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("Donnez une base PostgreSQL à vider : DATABASE_URL=postgres://…")
    args.sortie.mkdir(parents=True, exist_ok=True)
    redis = os.environ.get("REDIS_URL", "")  # sessions, cache and public pages in Redis
    env = environnement(base, redis, args.sortie, SALLE_ATTENTE_LIMITE="0")
    donnees_json = args.sortie / "donnees.json"
    outil(env, "base", "--familles", "40", "--semaines", "2", "--sortie", str(donnees_json))
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=RACINE, check=True
    )
    donnees = json.loads(donnees_json.read_text())
    resultats = []
    # Configurations in turns (A, B, A, B…): the load of a shared machine changes from one
    # minute to the next, and the medians of interleaved turns are what compare.
    for configuration in args.configurations.split(",") * args.tours:
        classe, workers, threads = configuration.split(":")
        serveur = lancer(
            env, args.port, classe, int(workers), int(threads), args.sortie / "gunicorn.log"
        )
        try:
            parents = [Visiteur(args.port) for _ in range(args.clients)]
            for n, parent in enumerate(parents):
                parent.connecter(donnees["identifiants"][n], donnees["mot_de_passe"])
            anonymes = [Visiteur(args.port) for _ in range(args.clients)]
            inconnus = [Visiteur(args.port) for _ in range(args.clients)]
            for v in inconnus:
                v.cookies["sessionid"] = "inconnue"
            mesures = [
                ("page publique en cache", anonymes, "/", False),
                ("page publique rendue", inconnus, "/", False),
                ("Accueil d'un parent", parents, "/", True),
                ("compte à rebours", parents, donnees["url_reservations"], True),
            ]
            for _nom, visiteurs, chemin, garder in mesures:  # warm every thread, not measured
                mesurer(visiteurs, chemin, 1.5, garder)
            cpu_avant = resource.getrusage(resource.RUSAGE_SELF)
            debut = time.perf_counter()
            for nom, visiteurs, chemin, garder in mesures:
                mesure = mesurer(visiteurs, chemin, args.duree, garder)
                mesure |= {"configuration": configuration, "page": nom}
                resultats.append(mesure)
                print(
                    f"{configuration:<12} {nom:<24} {mesure['par_s']:7.1f} req/s  "
                    f"p50 {mesure['p50_ms']:6.1f} ms  p95 {mesure['p95_ms']:6.1f} ms  "
                    f"échecs {mesure['echecs']}",
                    flush=True,
                )
            cpu_apres = resource.getrusage(resource.RUSAGE_SELF)
            cpu = (cpu_apres.ru_utime + cpu_apres.ru_stime) - (
                cpu_avant.ru_utime + cpu_avant.ru_stime
            )
            mur = time.perf_counter() - debut
            print(
                f"{configuration:<12} générateur de charge : {cpu:.1f} s CPU pour {mur:.0f} s "
                f"(soit {cpu / mur / (os.cpu_count() or 1):.0%} de la machine)",
                flush=True,
            )
            _, accueil = anonymes[0].envoyer("GET", "/")
            statique = re.search(r'href="(/static/css/portail\.[0-9a-f]+\.css)"', accueil)
            if statique:
                cx = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
                cx.request("GET", statique.group(1))
                reponse = cx.getresponse()
                reponse.read()
                print(f"{statique.group(1)} : Cache-Control {reponse.getheader('Cache-Control')}")
        finally:
            arreter(serveur)
    print("Médianes des tours (req/s) :")
    for configuration in args.configurations.split(","):
        pages = {}
        for r in resultats:
            if r["configuration"] == configuration:
                pages.setdefault(r["page"], []).append(r["par_s"])
        medianes = {page: statistics.median(v) for page, v in pages.items()}
        rapport = medianes["page publique en cache"] / medianes["Accueil d'un parent"]
        print(
            f"{configuration:<12} "
            + ", ".join(f"{page} {v:.1f}" for page, v in medianes.items())
            + f" ; page publique en cache / Accueil parent = {rapport:.1f}×"
        )
    (args.sortie / "resultats.json").write_text(json.dumps(resultats, indent=1))


if __name__ == "__main__":
    main()
