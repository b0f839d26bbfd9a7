"""Benchmark of the kitchens' meal counts (issue 12.5): one day of Lyon's size, about 20,000
meals over 200 restaurant sites, counted per site and variant.

Creates a fresh PostgreSQL database (or uses SQLite without --postgres), bulk-loads 200 schools
each served by its own site, their children with a fiche santé (every regime, a few PAI with an
adapted meal or a basket), one day's canteen bookings (some cancelled) and a few morning
absences, then times, with the number of queries of each:
- `figer_repas`: the snapshot at the cut-off (counted and written);
- `effectifs_du_jour`: every site's frozen, morning and current counts (what the admin page
  and the kitchen e-mail read).

    .venv/bin/python scripts/bench_repas.py --postgres [--repas 20000] [--sites 200]

The target: each under 2 s on PostgreSQL, in a number of queries that does not depend on the
number of meals or sites (tests/reservations/test_repas.py asserts the count)."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

REGIMES = ["standard"] * 14 + ["sans_porc", "sans_viande", "vegetarien", "vegetarien"]


def preparer(args) -> None:
    if args.postgres:
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{args.base}"')
            conn.execute(f'CREATE DATABASE "{args.base}"')
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.base}"
    else:
        os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "portail.settings.dev"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def charger(repas: int, nb_sites: int, jour: datetime.date) -> int:
    from django.utils import timezone

    from famille.comptes.models import Compte, Structure
    from famille.dossiers.models import Ecole, Enfant, FicheSante, Foyer
    from famille.reservations.models import Presence, Prestation, Reservation, SiteRepas

    structure = Structure.objects.create(nom="Restauration", slug="restauration", commune="Lyon")
    cantine = Prestation.objects.create(
        structure=structure, nom="Restauration scolaire", code="cantine", type="restauration"
    )
    ecoles = Ecole.objects.bulk_create(
        [Ecole(nom=f"École {i:03d}", structure=structure) for i in range(nb_sites)]
    )
    sites = SiteRepas.objects.bulk_create(
        [
            SiteRepas(structure=structure, nom=f"Restaurant {i:03d}", email=f"c{i}@exemple.fr")
            for i in range(nb_sites)
        ]
    )
    SiteRepas.ecoles.through.objects.bulk_create(
        [
            SiteRepas.ecoles.through(siterepas_id=s.pk, ecole_id=e.pk)
            for s, e in zip(sites, ecoles, strict=True)
        ]
    )
    # One child per meal, plus 2 % cancelled bookings: the bookings minus the cancellations
    # are `repas`.
    total = repas + repas // 50
    taille = 5000
    annulees = 0
    for depart in range(0, total, taille):
        n = range(depart, min(total, depart + taille))
        comptes = Compte.objects.bulk_create(
            [Compte(username=f"R{i:07d}", password="!", last_name="Bench") for i in n]
        )
        foyers = Foyer.objects.bulk_create(
            [Foyer(numero=f"R{i:07d}", titulaire=c) for i, c in zip(n, comptes, strict=True)]
        )
        enfants = Enfant.objects.bulk_create(
            [
                Enfant(
                    nom="Bench",
                    prenom="Léa",
                    date_naissance=datetime.date(2018, 1, 1),
                    ecole=ecoles[i % nb_sites],
                )
                for i in n
            ]
        )
        FicheSante.objects.bulk_create(
            [
                FicheSante(
                    enfant=e,
                    regime=REGIMES[i % len(REGIMES)],
                    pai=i % 40 == 0,
                    repas_pai=("adapte", "panier")[(i // 40) % 2] if i % 40 == 0 else "",
                )
                for i, e in zip(n, enfants, strict=True)
            ]
        )
        reservations = []
        for i, foyer, enfant in zip(n, foyers, enfants, strict=True):
            annulee = i >= repas
            annulees += annulee
            reservations.append(
                Reservation(
                    foyer=foyer,
                    enfant=enfant,
                    prestation=cantine,
                    date=jour,
                    statut="annulee" if annulee else "reservee",
                )
            )
        Reservation.objects.bulk_create(reservations)
        # A morning absence for one child in 100 (marked at 8:00, before the kitchen's hour).
        matin = timezone.make_aware(datetime.datetime.combine(jour, datetime.time(8)))
        Presence.objects.bulk_create(
            [
                Presence(
                    enfant=enfant,
                    prestation=cantine,
                    jour=jour,
                    foyer=foyer,
                    etat="absent",
                    marque_le=matin,
                )
                for i, foyer, enfant in zip(n, foyers, enfants, strict=True)
                if i % 100 == 7 and i < repas
            ]
        )
    return annulees


def mesurer(libelle: str, fonction):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as requetes:
        t = time.perf_counter()
        resultat = fonction()
        duree = time.perf_counter() - t
    print(f"{libelle} : {duree:.2f} s, {len(requetes)} requêtes")
    return resultat, duree


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repas", type=int, default=20_000)
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--base", default="portail_cuisine")
    args = parser.parse_args()
    preparer(args)
    from django.conf import settings
    from django.db import connection

    from famille.reservations.models import EffectifRepas
    from famille.reservations.services import repas

    print(
        f"Processeurs : {os.cpu_count()}  —  moyenne de charge : {os.getloadavg()}  —  "
        f"base : {settings.DATABASES['default']['ENGINE']}"
    )
    jour = datetime.date(2027, 9, 6)
    t = time.perf_counter()
    annulees = charger(args.repas, args.sites, jour)
    print(
        f"Données : {args.repas + annulees} réservations ({annulees} annulées), {args.sites} "
        f"sites, chargées en {time.perf_counter() - t:.1f} s"
    )
    with connection.cursor() as curseur:
        if connection.vendor == "postgresql":
            curseur.execute("ANALYZE")
    (gel, _), duree_gel = mesurer(
        "Effectifs figés (compter et écrire)", lambda: repas.figer_repas(jour)
    )
    effectifs, duree = mesurer(
        "Effectifs du jour (figés, matin, actuels)", lambda: repas.effectifs_du_jour(jour)
    )
    mesurer("Seconde lecture", lambda: repas.effectifs_du_jour(jour))
    figes = sum(EffectifRepas.objects.filter(gel=gel).values_list("nombre", flat=True))
    print(
        f"Repas figés : {figes} (réservations moins annulations : {args.repas}) ; sites : "
        f"{len(effectifs.sites)} ; actuels après absences du matin : {effectifs.total_actuel}"
    )
    assert figes == args.repas, "la somme des sites doit égaler les réservations non annulées"
    print("Objectif < 2 s : " + ("atteint" if max(duree, duree_gel) < 2 else "NON atteint"))
    print(f"Moyenne de charge à la fin : {os.getloadavg()}")
    connection.close()


if __name__ == "__main__":
    main()
