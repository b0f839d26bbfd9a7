"""Cost of the waiting room's page (issue 15.5: under 100 ms), measured in one process through
Django's whole middleware stack (no gunicorn, no network): the server is saturated by counting
requests in flight, then new arrivals (no cookie) and waiting families (their ticket) ask for a
page. Wall time and process CPU per answer, median and 95th percentile. Nothing is written in
the database (the waiting page reads none).

    .venv/bin/python scripts/bench_salle_attente.py [--arrivees 500] [--redis redis://127.0.0.1:6379/9]

With --redis the given Redis database is FLUSHED before and after (the count and the queue
live there); without it, the per-process variant."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portail.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from portail import salle_attente  # noqa: E402


def centiles(durees: list[float]) -> str:
    durees = sorted(durees)
    p95 = durees[int(len(durees) * 0.95) - 1]
    return f"médiane {statistics.median(durees) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arrivees", type=int, default=500)
    parser.add_argument("--redis", default="")
    args = parser.parse_args()
    settings.SALLE_ATTENTE_LIMITE = 2
    settings.SALLE_ATTENTE_LIMITE_PROCESSUS = 2
    settings.SALLE_ATTENTE_REDIS_URL = args.redis
    if args.redis:
        import redis

        redis.Redis.from_url(args.redis).flushdb()
    salle_attente.reinitialiser()
    service = salle_attente.service()
    for _ in range(2):
        service.entrer()
    try:
        # One client (its middleware chain built once, as in a gunicorn worker), one cookie
        # jar per family.
        client = Client()
        client.get("/")
        familles, murs, cpus = [], [], []
        for _ in range(args.arrivees):
            client.cookies = SimpleCookie()
            debut, cpu = time.perf_counter(), time.process_time()
            reponse = client.get("/")
            murs.append(time.perf_counter() - debut)
            cpus.append(time.process_time() - cpu)
            assert reponse.headers.get("X-Salle-Attente"), "pas la salle d'attente"
            familles.append(client.cookies)
        print(f"nouvel arrivant ({args.arrivees}) : {centiles(murs)} ; CPU {centiles(cpus)}")
        murs, cpus = [], []
        for cookies in familles:
            client.cookies = cookies
            debut, cpu = time.perf_counter(), time.process_time()
            reponse = client.get("/")
            murs.append(time.perf_counter() - debut)
            cpus.append(time.process_time() - cpu)
            assert reponse.headers.get("X-Salle-Attente")
        print(
            f"rafraîchissement, file de {len(familles)} : {centiles(murs)} ; CPU {centiles(cpus)}"
        )
        print(f"charge moyenne : {os.getloadavg()[0]:.1f}")
    finally:
        if args.redis:
            import redis

            redis.Redis.from_url(args.redis).flushdb()


if __name__ == "__main__":
    main()
