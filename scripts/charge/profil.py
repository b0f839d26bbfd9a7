"""What one family's opening morning costs the server, step by step, in CPU (issue 15.7: every
family confirmed within 5 minutes needs about 0.2 s of machine CPU per family on 2 cores).

In one process, without gunicorn or a network: the load benchmark's data set (donnees.py) on
the database named by DATABASE_URL (emptied, as banc.py does), the period opened, then for K
families the journey of the scenario after the opening, through Django's test client and the
production middleware (reglages_charge): the period's calendar, the « semaine type »
summary, the confirmation, the calendar after it. Per step: median and p95 of this process's
CPU (the web tier's share), of the wall time (the rest is PostgreSQL and Redis), and SQL
queries. `--profil N` prints the N most expensive functions of each step (cProfile), and
writes one <step>.prof per step into PROFIL_DOSSIER when that variable names a folder.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portail_profil \\
    REDIS_URL=redis://127.0.0.1:6379/10 \\
        .venv/bin/python scripts/charge/profil.py --familles 200 --mesurees 40 [--profil 25]

The database named and the Redis database are EMPTIED."""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ICI = Path(__file__).resolve().parent
RACINE = ICI.parent.parent
sys.path[:0] = [str(ICI), str(RACINE)]
os.environ["DJANGO_SETTINGS_MODULE"] = "reglages_charge"
os.environ.setdefault("SECRET_KEY", "profil-ouverture-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("CHARGE_STATIQUES", "simples")
ENTREE = re.compile(r'<input\b[^>]*\bname="(enfants|semaine|charge|csrfmiddlewaretoken)"[^>]*>')
VALEUR = re.compile(r'\bvalue="([^"]*)"')


def champs(page: str, nom: str) -> list[str]:
    return [
        VALEUR.search(m.group(0)).group(1)
        for m in ENTREE.finditer(page)
        if m.group(1) == nom and VALEUR.search(m.group(0))
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--familles", type=int, default=200)
    parser.add_argument("--mesurees", type=int, default=40)
    parser.add_argument("--semaines", type=int, default=8)
    parser.add_argument("--profil", type=int, default=0, help="functions shown per step")
    parser.add_argument("--garder", action="store_true", help="reuse the prepared database")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL doit nommer une base PostgreSQL dédiée (elle est vidée).")
    donnees_json = Path(tempfile.gettempdir()) / "profil_ouverture_donnees.json"
    if not (args.garder and donnees_json.exists()):
        subprocess.run(
            [
                sys.executable,
                str(ICI / "outils.py"),
                "base",
                "--familles",
                str(args.familles),
                "--semaines",
                str(args.semaines),
                "--sortie",
                str(donnees_json),
            ],
            check=True,
            cwd=RACINE,
        )
    donnees = json.loads(donnees_json.read_text())

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from famille.comptes.models import Compte
    from famille.reservations.models import PeriodeReservation

    PeriodeReservation.objects.filter(pk=donnees["periode"]["id"]).update(
        ouverture=timezone.now() - timezone.timedelta(minutes=1)
    )
    cache.clear()
    etapes = ["calendrier", "récapitulatif", "confirmation", "calendrier après"]
    cpu = {e: [] for e in etapes}
    mur = {e: [] for e in etapes}
    requetes = {e: [] for e in etapes}
    profils = {e: cProfile.Profile() for e in etapes} if args.profil else {}
    comptes = list(
        Compte.objects.filter(username__in=donnees["identifiants"])
        # --garder: only the families that have not booked yet.
        .exclude(foyer__gardes__enfant__reservations__isnull=False)
        .distinct()
        .order_by("?")[: args.mesurees + 3]
    )

    pauses = {e: [] for e in etapes}
    en_cours = {"debut": 0.0, "total": 0.0}

    def ramasse(phase, _info):
        if phase == "start":
            en_cours["debut"] = time.process_time()
        else:
            en_cours["total"] += time.process_time() - en_cours["debut"]

    gc.callbacks.append(ramasse)

    def mesurer(etape, mesurer_ceci, fonction):
        reset_queries()
        en_cours["total"] = 0.0
        with CaptureQueriesContext(connection) as capture:
            profil = profils.get(etape) if mesurer_ceci else None
            c0, m0 = time.process_time(), time.perf_counter()
            if profil:
                profil.enable()
            reponse = fonction()
            if profil:
                profil.disable()
            c1, m1 = time.process_time(), time.perf_counter()
        if mesurer_ceci:
            cpu[etape].append((c1 - c0) * 1000)
            mur[etape].append((m1 - m0) * 1000)
            requetes[etape].append(len(capture))
            pauses[etape].append(en_cours["total"] * 1000)
        return reponse

    for rang, compte in enumerate(comptes):
        mesurer_ceci = rang >= 3  # the first families warm the process
        client = Client(enforce_csrf_checks=False)
        client.force_login(compte)
        page = mesurer(etape := etapes[0], mesurer_ceci, lambda: client.get(donnees["url_periode"]))  # noqa: B023
        assert page.status_code == 200, (etape, page.status_code)
        texte = page.content.decode()
        donnees_post = {
            "enfants": champs(texte, "enfants"),
            "semaine": champs(texte, "semaine"),
            "rythme": "toutes",
        }
        recap = mesurer(
            etapes[1],
            mesurer_ceci,
            lambda: client.post(donnees["url_semaine_type"], donnees_post),  # noqa: B023
        )
        assert recap.status_code == 200, recap.status_code
        charge = champs(recap.content.decode(), "charge")
        assert charge, "récapitulatif sans confirmation"
        reponse = mesurer(
            etapes[2],
            mesurer_ceci,
            lambda: client.post(donnees["url_periode"] + "confirmer/", {"charge": charge[0]}),  # noqa: B023
        )
        assert reponse.status_code == 302, reponse.status_code
        suite = mesurer(
            etapes[3],
            mesurer_ceci,
            lambda: client.get(reponse.headers["Location"]),  # noqa: B023
        )
        assert suite.status_code == 200

    def p95(valeurs):
        return sorted(valeurs)[max(0, int(len(valeurs) * 0.95) - 1)]

    print(
        f"\n{len(cpu[etapes[0]])} familles mesurées ({donnees['familles']} dans la base, "
        f"{args.semaines} semaines)\n"
    )
    print(
        f"{'étape':<20} {'CPU méd.':>9} {'CPU p95':>9} {'mur méd.':>9} {'requêtes':>9}"
        f" {'GC méd.':>8}"
    )
    total = 0.0
    for e in etapes:
        med = statistics.median(cpu[e])
        total += med
        print(
            f"{e:<20} {med:>7.0f}ms {p95(cpu[e]):>7.0f}ms {statistics.median(mur[e]):>7.0f}ms "
            f"{statistics.median(requetes[e]):>9.0f} {statistics.median(pauses[e]):>6.1f}ms"
        )
    print(f"{'famille (4 étapes)':<20} {total:>7.0f}ms")
    for e, profil in profils.items():
        if os.environ.get("PROFIL_DOSSIER"):
            profil.dump_stats(os.path.join(os.environ["PROFIL_DOSSIER"], f"{etapes.index(e)}.prof"))
        flux = io.StringIO()
        pstats.Stats(profil, stream=flux).sort_stats("tottime").print_stats(args.profil)
        print(f"\n===== {e} (tottime) =====")
        print("\n".join(flux.getvalue().splitlines()[6:]))
        flux = io.StringIO()
        pstats.Stats(profil, stream=flux).sort_stats("cumulative").print_stats(args.profil)
        print(f"\n===== {e} (cumulative) =====")
        print("\n".join(flux.getvalue().splitlines()[6:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
