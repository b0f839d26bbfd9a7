"""Benchmark of the consumption job: one day of Paris's size (140,000 bookings → lines).

Creates a fresh PostgreSQL database (or uses SQLite without --postgres), bulk-loads foyers,
children and one day's bookings (two children per foyer, the canteen and the evening care:
four bookings per foyer, a few cancelled or unknown-QF), then times `facturer_jour` as the
nightly django-q2 task runs it, with its peak resident memory, and a second run (nothing
to write: the idempotency check alone).

    .venv/bin/python scripts/bench_facturation.py --postgres [--lignes 140000] [--lot 5000]
    .venv/bin/python scripts/bench_facturation.py --postgres --reprendre   # same bookings again

The target: under 60 s on PostgreSQL on a 2-core machine, memory bounded by the batch size."""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))


def preparer(args) -> None:
    if args.postgres and args.reprendre:
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.base}"
    elif args.postgres:
        import psycopg

        base = args.base
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{base}"')
            conn.execute(f'CREATE DATABASE "{base}"')
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{base}"
    else:
        os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "portail.settings.dev"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def charger(lignes: int, jour: datetime.date) -> None:
    from famille.comptes.models import Compte, Structure
    from famille.dossiers.models import Enfant, Foyer
    from famille.facturation.models import QuotientFamilial, Tarif
    from famille.reservations.models import Prestation, Reservation

    structure = Structure.objects.create(nom="Périscolaire", slug="periscolaire", commune="Paris")
    cantine = Prestation.objects.create(
        structure=structure, nom="Restauration scolaire", code="restauration", type="restauration"
    )
    soir = Prestation.objects.create(
        structure=structure, nom="Accueil du soir", code="soir", type="soir"
    )
    debut = datetime.date(2026, 9, 1)
    for prestation, prix in ((cantine, Decimal("3.45")), (soir, Decimal("2.10"))):
        Tarif.objects.create(
            prestation=prestation, qf_min=0, qf_max=Decimal("450"), prix=prix / 3, debut=debut
        )
        Tarif.objects.create(
            prestation=prestation,
            qf_min=Decimal("450.01"),
            prix=prix,
            debut=debut,
            reduction_fratrie=Decimal("10"),
        )
        Tarif.objects.create(
            prestation=prestation, qf_min=0, prix=prix * 2, debut=debut, hors_commune=True
        )
    foyers = lignes // 4
    taille = 5000
    for depart in range(0, foyers, taille):
        n = range(depart, min(foyers, depart + taille))
        comptes = Compte.objects.bulk_create(
            [Compte(username=f"B{i:07d}", password="!", last_name="Bench") for i in n]
        )
        faits = Foyer.objects.bulk_create(
            [
                Foyer(numero=f"B{i:07d}", titulaire=c, reside_commune=i % 10 != 0)
                for i, c in zip(n, comptes, strict=True)
            ]
        )
        QuotientFamilial.objects.bulk_create(
            [
                QuotientFamilial(foyer=f, valeur=Decimal(200 + (i * 37) % 1500), debut=debut)
                for i, f in zip(n, faits, strict=True)
                if i % 7
            ]
        )
        enfants = Enfant.objects.bulk_create(
            [
                Enfant(nom="Bench", prenom=p, date_naissance=datetime.date(2017 + k, 1, 1))
                for _ in n
                for k, p in enumerate(("Léa", "Tom"))
            ]
        )
        reservations = []
        for j, foyer in enumerate(faits):
            for enfant in enfants[2 * j : 2 * j + 2]:
                for prestation in (cantine, soir):
                    statut = "annulee" if (foyer.pk + enfant.pk) % 50 == 0 else "reservee"
                    reservations.append(
                        Reservation(
                            foyer=foyer,
                            enfant=enfant,
                            prestation=prestation,
                            date=jour,
                            statut=statut,
                        )
                    )
        Reservation.objects.bulk_create(reservations, batch_size=5000)


def _charge() -> str:
    return " ".join(f"{c:.1f}" for c in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lignes", type=int, default=140_000)
    parser.add_argument("--lot", type=int, default=5000, help="bookings per transaction")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--base", default="portail_factu_bench")
    parser.add_argument(
        "--reprendre",
        action="store_true",
        help="PostgreSQL: keep the bookings of a previous run, bill them again from scratch",
    )
    args = parser.parse_args()
    preparer(args)
    from django.conf import settings
    from django.db import connection

    from famille.facturation.models import LigneCompte
    from famille.facturation.services import consommations, grand_livre

    print(f"Processeurs : {os.cpu_count()}  —  base : {settings.DATABASES['default']['ENGINE']}")
    # The machine is shared: the load average says how much of it the measure had.
    print(f"Charge moyenne (1, 5, 15 min) avant : {_charge()}")
    from django.utils import timezone

    jour = timezone.localdate() - datetime.timedelta(days=1)  # a closed day
    if args.reprendre:
        from famille.reservations.models import Reservation

        jour = Reservation.objects.order_by("-date").values_list("date", flat=True).first()
        with connection.cursor() as curseur:
            curseur.execute(
                "TRUNCATE facturation_allocation, facturation_lignecompte, facturation_solde, "
                "facturation_journeefacturee"
            )
    else:
        t = time.perf_counter()
        charger(args.lignes, jour)
        print(f"Données : {args.lignes} réservations chargées en {time.perf_counter() - t:.1f} s")

    # Peak resident memory (not tracemalloc: it slows every allocation several times over).
    avant = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    bilan = consommations.facturer_jour(jour, taille=args.lot)
    duree = time.perf_counter() - t
    pic = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"Traitement : {bilan.ajoutees} lignes écrites en {bilan.lots} lots, {duree:.1f} s "
        f"({bilan.ajoutees / duree:.0f} lignes/s) ; mémoire résidente maximale {pic / 1024:.0f} Mo "
        f"(+{(pic - avant) / 1024:.0f} Mo pendant le traitement)"
    )
    t = time.perf_counter()
    second = consommations.facturer_jour(jour, taille=args.lot)
    print(
        f"Seconde exécution : {second.ajoutees} ajoutée, {second.inchangees} inchangées, "
        f"{time.perf_counter() - t:.1f} s"
    )
    t = time.perf_counter()
    ecarts = grand_livre.controler_soldes()
    print(f"Contrôle des soldes : {len(ecarts)} écart, {time.perf_counter() - t:.1f} s")
    print(f"Lignes en base : {LigneCompte.objects.count()}")
    print(f"Charge moyenne (1, 5, 15 min) après : {_charge()}")
    connection.close()


if __name__ == "__main__":
    main()
