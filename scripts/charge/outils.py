"""The Django side of the load benchmark, one subcommand per step, run by banc.py in its own
process with the benchmark's settings (reglages_charge) and DATABASE_URL:

    outils.py base --familles N --semaines 8 --sortie donnees.json
        empty the benchmark database (never the portal's: banc.py names it), migrate it (from a
        template database kept after the first migration, while the migrations are unchanged)
        and create the data set (donnees.py);
    outils.py ouvrir --periode ID --epoch T        set the period's opening to T;
    outils.py verifier --periode ID --familles familles.csv --sortie verification.json

Prints nothing but errors; banc.py reads the JSON files."""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

ICI = Path(__file__).resolve().parent
RACINE = ICI.parent.parent
sys.path[:0] = [str(ICI), str(RACINE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reglages_charge")


def _empreinte_migrations() -> str:
    fichiers = sorted(RACINE.glob("*/migrations/*.py")) + sorted(
        RACINE.glob("famille/*/migrations/*.py")
    )
    h = hashlib.sha256()
    for f in fichiers:
        h.update(str(f.relative_to(RACINE)).encode())
    return h.hexdigest()[:16]


def _base_vide(url: str) -> None:
    """Recreate the benchmark database, migrated, from a template when one is current."""
    import dj_database_url

    config = dj_database_url.parse(url)
    empreinte = _empreinte_migrations()
    if config["ENGINE"].endswith("sqlite3"):
        chemin = Path(config["NAME"])
        modele = chemin.with_name(chemin.name + f".modele-{empreinte}")
        chemin.unlink(missing_ok=True)
        if modele.exists():
            shutil.copyfile(modele, chemin)
            return
        _migrer()
        shutil.copyfile(chemin, modele)
        return
    import psycopg

    nom = config["NAME"]
    modele = f"{nom}_modele_{empreinte}"
    admin = dict(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with psycopg.connect(**{k: v for k, v in admin.items() if v is not None}) as cx:
        cx.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')
        existe = cx.execute("SELECT 1 FROM pg_database WHERE datname = %s", [modele]).fetchone()
        if existe:
            cx.execute(f'CREATE DATABASE "{nom}" TEMPLATE "{modele}"')
            return
        cx.execute(f'CREATE DATABASE "{nom}"')
    _migrer()
    from django.db import connections

    connections.close_all()
    with psycopg.connect(**{k: v for k, v in admin.items() if v is not None}) as cx:
        for (ancien,) in cx.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{nom}_modele_%"]
        ).fetchall():
            cx.execute(f'DROP DATABASE IF EXISTS "{ancien}" WITH (FORCE)')
        cx.execute(f'CREATE DATABASE "{modele}" TEMPLATE "{nom}"')


def _migrer() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def base(args) -> None:
    _base_vide(os.environ["DATABASE_URL"])
    import django

    django.setup()
    import donnees
    from django.core.cache import cache

    cache.clear()
    # Opening far ahead: banc.py sets the real instant once gunicorn answers.
    ouverture = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    resultat = donnees.preparer(args.familles, ouverture=ouverture, semaines=args.semaines)
    Path(args.sortie).write_text(json.dumps(resultat))


def ouvrir(args) -> None:
    import django

    django.setup()
    from famille.reservations.models import PeriodeReservation

    instant = datetime.datetime.fromtimestamp(args.epoch, datetime.UTC)
    PeriodeReservation.objects.filter(pk=args.periode).update(ouverture=instant)


def lire_arrivees(chemin: Path) -> dict[str, tuple[float, float]]:
    """Per family, when its confirmation was sent and answered (familles.csv of scenario.py)."""
    arrivees = {}
    with open(chemin, encoding="utf-8") as f:
        for ligne in csv.DictReader(f):
            if ligne["envoi_s"] and ligne["reponse_s"]:
                arrivees[ligne["identifiant"]] = (
                    float(ligne["envoi_s"]),
                    float(ligne["reponse_s"]),
                )
    return arrivees


def verifier(args) -> None:
    import django

    django.setup()
    import verification

    resultat = verification.verifier(args.periode, lire_arrivees(Path(args.familles)))
    Path(args.sortie).write_text(json.dumps(resultat, default=str))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sous = parser.add_subparsers(required=True)
    p = sous.add_parser("base")
    p.add_argument("--familles", type=int, default=2500)
    p.add_argument("--semaines", type=int, default=8)
    p.add_argument("--sortie", required=True)
    p.set_defaults(action=base)
    p = sous.add_parser("ouvrir")
    p.add_argument("--periode", type=int, required=True)
    p.add_argument("--epoch", type=float, required=True)
    p.set_defaults(action=ouvrir)
    p = sous.add_parser("verifier")
    p.add_argument("--periode", type=int, required=True)
    p.add_argument("--familles", required=True)
    p.add_argument("--sortie", required=True)
    p.set_defaults(action=verifier)
    args = parser.parse_args()
    args.action(args)


if __name__ == "__main__":
    main()
