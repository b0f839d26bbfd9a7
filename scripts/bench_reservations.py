"""Benchmark of whole-period bookings on opening morning (issue 11.11c): gunicorn and
PostgreSQL on loopback, every family wanting the same capped days.

Each family has three children and books the whole eight-week period for four prestations
(canteen and Wednesday capped, morning and evening not): about 350 rows a family. Measured at
4 and 16 concurrent families, in the same run: the real rules (operations.appliquer) beside a
bare view inserting the same rows with no rule. Prints families per second, p50 and p95, and
checks: no 5xx, no over-booking (each day's counter equals its bookings and stays within its
capacity). Every gunicorn thread is warmed on both views first (not measured).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portail_bench \\
        .venv/bin/python scripts/bench_reservations.py [--familles 96] [--workers 4]

The database named in DATABASE_URL is emptied and migrated: give it one of its own."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(RACINE / "scripts"))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench_reservations_app"


def preparer(familles: int) -> list[int]:
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    from django.utils import timezone

    from famille.comptes.models import Compte, Structure
    from famille.dossiers.models import Enfant, Foyer, Garde
    from famille.reservations.models import PeriodeReservation, Prestation

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    structure = Structure.objects.create(nom="Bench", slug="bench", commune="Bench")
    aujourdhui = timezone.localdate()
    # Eight school weeks well ahead (past every deadline rule, clear of school holidays when the
    # data knows them: the bench cares about rows, not about which days are open).
    debut = aujourdhui + datetime.timedelta(days=30 - aujourdhui.weekday())
    periode = PeriodeReservation.objects.create(
        structure=structure,
        nom="Bench",
        debut=debut,
        fin=debut + datetime.timedelta(weeks=8, days=-3),
        ouverture=timezone.now() - datetime.timedelta(hours=1),
    )
    prestations = [
        Prestation.objects.create(structure=structure, code=c, nom=c, type=t, jours=j, capacite=cap)
        for c, t, j, cap in (
            ("cantine", "restauration", "1,2,4,5", 150),
            ("matin", "matin", "1,2,4,5", None),
            ("soir", "soir", "1,2,4,5", None),
            ("mercredi", "mercredi", "3", 60),
        )
    ]
    periode.prestations.set(prestations)
    ids = []
    for n in range(familles):
        compte = Compte.objects.create(username=f"B{n:05d}")
        compte.structures.add(structure)
        foyer = Foyer.objects.create(numero=f"B{n:05d}", titulaire=compte)
        for k in range(3):
            enfant = Enfant.objects.create(
                nom=f"B{n}", prenom=f"E{k}", date_naissance=datetime.date(2018, 1, 1)
            )
            Garde.objects.create(foyer=foyer, enfant=enfant)
        ids.append(foyer.pk)
    connection.close()
    return ids


def vider() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE reservations_reservation, reservations_capacitejour, "
            "reservations_journalreservation CASCADE"
        )
    connection.close()


def verifier() -> dict:
    from django.db import connection
    from django.db.models import Count, Q

    from famille.reservations.models import CapaciteJour, Reservation

    lignes = Reservation.objects.count()
    ecarts = 0
    comptes = {
        (r["prestation_id"], r["date"]): r["n"]
        for r in Reservation.objects.filter(statut__in=["reservee", "proposee"])
        .values("prestation_id", "date")
        .annotate(n=Count("pk"))
    }
    for c in CapaciteJour.objects.all():
        if c.reservees > c.capacite or comptes.get((c.prestation_id, c.date), 0) != c.reservees:
            ecarts += 1
    attente = Reservation.objects.filter(Q(statut="attente")).count()
    connection.close()
    return {"lignes": lignes, "attente": attente, "surreservations": ecarts}


def lancer_gunicorn(port: int, workers: int) -> subprocess.Popen:
    commande = [
        str(RACINE / ".venv/bin/gunicorn"),
        "--chdir",
        str(RACINE / "scripts"),
        "--pythonpath",
        str(RACINE),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--log-level",
        "warning",
        "bench_reservations_app:application",
    ]
    serveur = subprocess.Popen(commande, env=os.environ.copy())
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return serveur
        except OSError:
            time.sleep(0.2)
    serveur.kill()
    raise SystemExit("gunicorn n'a pas démarré")


def mesurer(url: str, foyers: list[int], concurrence: int) -> dict:
    durees: list[float] = []
    statuts: list[int] = []
    verrou = threading.Lock()
    file = list(foyers)

    def client():
        while True:
            with verrou:
                if not file:
                    return
                foyer = file.pop(0)
            corps = urllib.parse.urlencode({"foyer": foyer}).encode()
            debut = time.perf_counter()
            try:
                with urllib.request.urlopen(url, data=corps, timeout=60) as reponse:
                    reponse.read()
                    statut = reponse.status
            except urllib.error.HTTPError as erreur:
                statut = erreur.code
            duree = time.perf_counter() - debut
            with verrou:
                durees.append(duree)
                statuts.append(statut)

    debut = time.perf_counter()
    fils = [threading.Thread(target=client) for _ in range(concurrence)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    total = time.perf_counter() - debut
    durees.sort()
    return {
        "familles_par_s": len(durees) / total,
        "p50": statistics.median(durees),
        "p95": durees[max(int(len(durees) * 0.95) - 1, 0)],
        "5xx": sum(1 for s in statuts if s >= 500),
        "autres": sorted({s for s in statuts if s != 200}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--familles", type=int, default=96)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Donnez une base PostgreSQL à vider : DATABASE_URL=postgres://…")
    chauffe = args.workers * 4  # one request per gunicorn thread
    foyers = preparer(args.familles + chauffe)
    foyers, a_chauffer = foyers[: args.familles], foyers[args.familles :]
    serveur = lancer_gunicorn(args.port, args.workers)
    resultats = []
    try:
        # Warm every worker (imports, first connection) on both views, results discarded: the
        # measure is of a running server, not of its start.
        for chemin in ("/bench/nu/", "/bench/regles/"):
            mesurer(f"http://127.0.0.1:{args.port}{chemin}", a_chauffer, chauffe)
        vider()
        for concurrence in (4, 16):
            for nom, chemin in (("sans règles", "/bench/nu/"), ("règles", "/bench/regles/")):
                vider()
                mesure = mesurer(f"http://127.0.0.1:{args.port}{chemin}", foyers, concurrence)
                mesure |= verifier() | {"vue": nom, "concurrence": concurrence}
                resultats.append(mesure)
                print(
                    f"{concurrence:>2} familles en parallèle, {nom:<12}: "
                    f"{mesure['familles_par_s']:6.1f} familles/s, p50 {mesure['p50'] * 1000:5.0f} ms, "
                    f"p95 {mesure['p95'] * 1000:5.0f} ms, 5xx {mesure['5xx']}, "
                    f"{mesure['lignes']} lignes ({mesure['attente']} en attente), "
                    f"surréservations {mesure['surreservations']}",
                    flush=True,
                )
    finally:
        serveur.send_signal(signal.SIGTERM)
        serveur.wait(timeout=30)
    print(json.dumps(resultats, default=str, indent=1))


if __name__ == "__main__":
    main()
