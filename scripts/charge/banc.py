"""Load benchmark of the opening morning (issue 15): one command prepares a database of N
families, starts gunicorn with the production settings on 127.0.0.1, plays the scenario with
Locust (scenario.py) and writes a report (Markdown and CSV) into the folder it names.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portail_charge_bench \\
    REDIS_URL=redis://127.0.0.1:6379/8 \\
        .venv/bin/python scripts/charge/banc.py --familles 2500 --sortie var/charge/ouverture

Options: --variante pire (every family logs in during the opening minute), --minute S (one
minute of the scenario lasts S real seconds: 60 by default, 6 for a run ten times shorter),
--semaines (length of the period), --workers/--threads (gunicorn). Without DATABASE_URL, an
SQLite file in the output folder (the small-town variant). The database named in DATABASE_URL
is EMPTIED: give the benchmark one of its own; Redis (REDIS_URL) is flushed too.

Exit status 1 when a request failed (5xx, timeout, connection), a family's booking was not
confirmed, or an invariant or the fairness check broke — never because of a time."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ICI = Path(__file__).resolve().parent
RACINE = ICI.parent.parent
PYTHON = (
    str(RACINE / ".venv/bin/python") if (RACINE / ".venv/bin/python").exists() else sys.executable
)
sys.path.insert(0, str(ICI))

import rapport  # noqa: E402


def environnement(base: str, redis: str, dossier: Path, **extra) -> dict:
    env = os.environ.copy()
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "reglages_charge",
            "PYTHONPATH": os.pathsep.join([str(ICI), str(RACINE)]),
            "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "NUM_PROXIES": "0",
            "DATABASE_URL": base,
            "REDIS_URL": redis,
            "PRIVATE_MEDIA_ROOT": str(dossier / "prive"),
            "STATIC_ROOT": env.get("STATIC_ROOT") or str(RACINE / "var/charge/static"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            # Each request's server CPU, per page (reglages_charge.MesureCPUMiddleware).
            "CHARGE_CPU_DOSSIER": str(dossier),
        }
    )
    env.update(extra)
    return env


def outil(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, str(ICI / "outils.py"), *args], env=env, check=True, cwd=RACINE)


def lancer_gunicorn(env: dict, port: int, workers: int, threads: int, journal: Path):
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
    ]
    # The waiting room's per-process share (without Redis) reads the number of workers here.
    env = {**env, "WEB_CONCURRENCY": str(workers), "GUNICORN_THREADS": str(threads)}
    sortie = open(journal, "w")
    serveur = subprocess.Popen(
        commande, env=env, cwd=RACINE, stdout=sortie, stderr=subprocess.STDOUT
    )
    limite = time.time() + 120
    while time.time() < limite:
        if serveur.poll() is not None:
            raise SystemExit(f"gunicorn s'est arrêté : voir {journal}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.3)
    # Warm every worker (imports, first queries) before the clock starts: a real server has
    # been up for hours on opening morning.
    import urllib.request

    for _ in range(workers * threads * 2):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/connexion/", timeout=30).read()
        except OSError:
            time.sleep(0.5)
    return serveur


def arreter(serveur) -> None:
    serveur.send_signal(signal.SIGTERM)
    try:
        serveur.wait(timeout=30)
    except subprocess.TimeoutExpired:
        serveur.kill()


def cpu_occupe() -> float:
    """CPU seconds the whole machine spent busy since boot (/proc/stat, all cores)."""
    with open("/proc/stat") as f:
        champs = [int(x) for x in f.readline().split()[1:]]
    inactif = champs[3] + (champs[4] if len(champs) > 4 else 0)
    return (sum(champs) - inactif) / os.sysconf("SC_CLK_TCK")


def cpu_postgres(base: str) -> dict[int, tuple[float, bool]]:
    """CPU seconds (user + system, /proc/<pid>/stat) of each process named postgres, and
    whether it is a connection to the database `base` (its title, `postgres: <user> <base>
    …`): the machine's PostgreSQL may serve other databases."""
    import psutil

    releve = {}
    for p in psutil.process_iter(["name"]):
        if p.info["name"] != "postgres":
            continue
        try:
            t = p.cpu_times()
            titre = " ".join(p.cmdline())
        except psutil.Error:
            continue
        releve[p.pid] = (t.user + t.system, f" {base} " in f"{titre} ")
    return releve


class Charge(threading.Thread):
    """The highest 1-minute load average seen during the run, the CPU time of gunicorn's
    processes (master and workers, polled every 2 s: a worker recycled by max_requests loses
    at most its last 2 s) and that of PostgreSQL's processes (all of them, and the connections
    to the benchmark's database apart; a connection closed loses at most its last 2 s)."""

    def __init__(self, pid: int, base: str = ""):
        super().__init__(daemon=True)
        self.maximum = os.getloadavg()[0]
        self.fini = threading.Event()
        self.pid = pid
        self.cpu: dict[int, float] = {}
        self.base = base
        self.postgres_depart = cpu_postgres(base) if base else {}
        self.postgres: dict[int, tuple[float, bool]] = {}

    def relever(self):
        import psutil

        try:
            maitre = psutil.Process(self.pid)
            for p in [maitre, *maitre.children()]:
                t = p.cpu_times()
                self.cpu[p.pid] = t.user + t.system
        except psutil.Error:
            pass
        if self.base:
            try:
                self.postgres.update(cpu_postgres(self.base))
            except Exception:  # never stops the run: the figure is then missing
                self.base = ""
                self.postgres = {}

    def run(self):
        while not self.fini.wait(2):
            self.maximum = max(self.maximum, os.getloadavg()[0])
            self.relever()

    @property
    def cpu_gunicorn(self) -> float:
        return sum(self.cpu.values())

    def cpu_postgres(self) -> tuple[float, float] | None:
        """(CPU s of every postgres process, of the connections to the benchmark's database)
        during the run; None without PostgreSQL."""
        if not self.postgres:
            return None
        tout = base = 0.0
        for pid, (cpu, a_la_base) in self.postgres.items():
            ecart = cpu - self.postgres_depart.get(pid, (0.0, False))[0]
            tout += ecart
            base += ecart if a_la_base else 0.0
        return tout, base


def jouer(
    env, hote, donnees_json: Path, donnees: dict, dossier: Path, variante, minute, ouvrir=None
):
    """Set the opening (`ouvrir(epoch)`, else outils.py ouvrir), play the scenario; returns
    (opening epoch, machine busy CPU s)."""
    avance = 1.0 if variante == "pire" else 10 * minute
    # Time for Locust to start and spawn every family before the first arrival.
    t0 = time.time() + avance + 3 + len(donnees["identifiants"]) / 500
    if ouvrir:
        ouvrir(t0)
    else:
        outil(env, "ouvrir", "--periode", str(donnees["periode"]["id"]), "--epoch", str(t0))
    cpu = cpu_occupe()
    subprocess.run(
        [
            PYTHON,
            str(ICI / "scenario.py"),
            "--hote",
            hote,
            "--donnees",
            str(donnees_json),
            "--variante",
            variante,
            "--minute",
            str(minute),
            "--sortie",
            str(dossier),
            "--ouverture",
            str(t0),
        ],
        check=True,
        cwd=RACINE,
    )
    return t0, cpu_occupe() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--familles", type=int, default=2500)
    parser.add_argument("--semaines", type=int, default=8)
    parser.add_argument("--variante", choices=["normale", "pire"], default="normale")
    parser.add_argument("--minute", type=float, default=60.0)
    parser.add_argument("--sortie", type=Path, required=True)
    parser.add_argument("--port", type=int, default=8815)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2)))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("GUNICORN_THREADS", 16)))
    args = parser.parse_args(argv)
    dossier = args.sortie.resolve()
    dossier.mkdir(parents=True, exist_ok=True)
    base = os.environ.get("DATABASE_URL") or f"sqlite:///{dossier / 'charge.sqlite3'}"
    redis = os.environ.get("REDIS_URL", "")
    env = environnement(base, redis, dossier)
    if redis:
        import redis as redis_py

        redis_py.Redis.from_url(redis).flushdb()
    debut = time.time()
    print(f"Préparation de {args.familles} familles…", flush=True)
    donnees_json = dossier / "donnees.json"
    outil(
        env,
        "base",
        "--familles",
        str(args.familles),
        "--semaines",
        str(args.semaines),
        "--sortie",
        str(donnees_json),
    )
    if not os.environ.get("CHARGE_STATIQUES"):
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=env,
            cwd=RACINE,
            check=True,
        )
    donnees = json.loads(donnees_json.read_text())
    print(f"Base prête en {time.time() - debut:.0f} s ; démarrage de gunicorn…", flush=True)
    for ancien in dossier.glob("cpu_serveur_*.csv"):  # a former run in the same folder
        ancien.unlink()
    serveur = lancer_gunicorn(env, args.port, args.workers, args.threads, dossier / "gunicorn.log")
    nom_base = base.rsplit("/", 1)[-1].split("?")[0] if base.startswith("postgres") else ""
    charge = Charge(serveur.pid, nom_base)
    charge.relever()
    cpu_depart = charge.cpu_gunicorn
    charge.cpu = {}
    charge_avant = os.getloadavg()
    charge.start()
    try:
        print(f"Scénario « {args.variante} » (une minute = {args.minute} s)…", flush=True)
        _, cpu_machine = jouer(
            env,
            f"http://127.0.0.1:{args.port}",
            donnees_json,
            donnees,
            dossier,
            args.variante,
            args.minute,
        )
    finally:
        charge.fini.set()
        charge.relever()
        arreter(serveur)
    outil(
        env,
        "verifier",
        "--periode",
        str(donnees["periode"]["id"]),
        "--familles",
        str(dossier / "familles.csv"),
        "--sortie",
        str(dossier / "verification.json"),
    )
    contexte = {
        "nom": dossier.name,
        "commande": " ".join(shlex.quote(a) for a in [sys.argv[0], *(argv or sys.argv[1:])]),
        "date": datetime.datetime.now().astimezone().strftime("%d/%m/%Y %H:%M %Z"),
        "variante": args.variante,
        "enfants": donnees["enfants"],
        "base": "PostgreSQL" if base.startswith("postgres") else "SQLite",
        "redis": "oui" if redis else "non",
        "workers": args.workers,
        "threads": args.threads,
        "minute": args.minute,
        "pas": max(1.0, round(args.minute / 6, 1)),
        "coeurs": os.cpu_count(),
        "charge_avant": f"{charge_avant[0]:.1f}",
        "charge_max": f"{charge.maximum:.1f}",
        "cpu_machine_s": cpu_machine,
        "cpu_gunicorn_s": charge.cpu_gunicorn - cpu_depart,
        "cpu_postgres_s": charge.cpu_postgres(),
    }
    figures = rapport.synthese(dossier, contexte)
    defauts = rapport_defauts(figures)
    print((dossier / "rapport.md").read_text())
    if defauts:
        print("ÉCHEC : " + " ; ".join(defauts), flush=True)
        return 1
    return 0


def rapport_defauts(figures: dict) -> list[str]:
    """What makes the run fail (the CI test asserts the same): never a time."""
    import verification

    defauts = verification.en_defaut(figures["verification"])
    if figures["echecs"]:
        defauts.append(f"{figures['echecs']} requêtes en échec")
    if figures["reponses_4xx"]:
        defauts.append(f"{figures['reponses_4xx']} réponses 4xx")
    if figures["familles_non_confirmees"]:
        defauts.append(f"{figures['familles_non_confirmees']} familles sans confirmation")
    return defauts


if __name__ == "__main__":
    sys.exit(main())
