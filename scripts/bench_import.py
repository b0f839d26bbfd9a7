"""Benchmark of the school registration import: 10,000 families (about 25,000 rows).

Generates a French-Excel CSV (semicolons, Windows-1252), then runs the import exactly as the
django-q2 task does (read, analyse, write in one transaction) on a fresh SQLite database with
the production password hashers (Argon2), and prints the timing of each step.

    .venv/bin/python scripts/bench_import.py [--familles 10000] [--garder]

The target: under one minute on a 2-core machine."""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from transfers.tests_support import ENTETES_MAIRIE  # noqa: E402 (needs RACINE on the path)

PRENOMS = [
    "Léa",
    "Noé",
    "Zoé",
    "Chloé",
    "Jules",
    "Inès",
    "Anaïs",
    "Hélène",
    "Jérôme",
    "Maël",
    "Éloïse",
    "Gaëtan",
    "Loïc",
    "Anne-Sophie",
    "Jean-François",
    "Camille",
    "Lucas",
]
NOMS = [
    "Martin",
    "Lefèvre-Dupré",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "Château",
]
ECOLES = {
    "École élémentaire du Parc": ["CP", "CE1", "CE2", "CM1", "CM2"],
    "École élémentaire Les Pins": ["CP", "CE1", "CE2", "CM1", "CM2"],
    "École maternelle du Bourg": ["PS", "MS", "GS"],
}


def generer(familles: int, graine: int = 2027) -> bytes:
    """~2.5 children per family, one family in ten separated (a second foyer)."""
    hasard = random.Random(graine)
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(ENTETES_MAIRIE)
    ecoles = list(ECOLES.items())
    for i in range(familles):
        nom, prenom = hasard.choice(NOMS), hasard.choice(PRENOMS)
        separe = i % 10 == 0
        for j in range(hasard.choice([1, 2, 2, 3, 3, 4]) if i % 2 else 2):
            ecole, classes = hasard.choice(ecoles)
            ecrivain.writerow(
                [
                    f"F{100000 + i}",
                    nom + " ",
                    prenom,
                    "Mère",
                    f"{i % 200 + 1} allée des Pins",
                    "33610",
                    "Cestas",
                    "06 12 34 56 78",
                    f"famille{i}@exemple.fr; autre{i}@exemple.fr",
                    nom,
                    f"{hasard.choice(PRENOMS)}{j}",
                    f"{hasard.randint(1, 28):02d}/{hasard.randint(1, 12):02d}/{hasard.randint(2014, 2022)}",
                    hasard.choice("FM"),
                    ecole,
                    hasard.choice(classes),
                    "Dupont",
                    "Marc",
                    "Père",
                    "07 98 76 54 32",
                    f"parent2.{i}@exemple.fr",
                    "3 rue des Écoles" if separe else "",
                    "33000" if separe else "",
                    "Bordeaux" if separe else "",
                ]
            )
        if i % 50 == 0:
            ecrivain.writerow([""] * len(ENTETES_MAIRIE))  # Excel's stray empty lines
    return sortie.getvalue().encode("cp1252")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--familles", type=int, default=10_000)
    parser.add_argument("--garder", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    dossier = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "portail.settings.dev"
    os.environ["SQLITE_PATH"] = str(dossier / "bench.sqlite3")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    print(f"Hachage des mots de passe : {settings.PASSWORD_HASHERS[0]}")
    print(f"Processeurs : {os.cpu_count()}  —  base : {settings.DATABASES['default']['ENGINE']}")
    call_command("migrate", verbosity=0)

    from famille.comptes.models import Compte, Structure
    from famille.dossiers.models import Classe, Ecole, Enfant, Foyer
    from transfers.models import ImportFichier
    from transfers.services import pilotage
    from transfers.tests_support import FichierEnvoye

    structure, _ = Structure.objects.get_or_create(
        slug="periscolaire", defaults={"nom": "Service périscolaire", "commune": "Cestas"}
    )
    for nom, classes in ECOLES.items():
        ecole, _ = Ecole.objects.get_or_create(nom=nom, structure=structure)
        for classe in classes:
            Classe.objects.get_or_create(ecole=ecole, nom=classe)
    agent = Compte.objects.create_user("bench.education", is_staff=True)

    t0 = time.perf_counter()
    contenu = generer(args.familles)
    t1 = time.perf_counter()
    print(f"Fichier généré : {len(contenu) / 1024 / 1024:.1f} Mo en {t1 - t0:.1f} s")

    import_fichier = pilotage.televerser("inscriptions", FichierEnvoye("bench.csv", contenu), agent)
    t2 = time.perf_counter()
    print(f"Téléversement et lecture : {import_fichier.total_lignes} lignes en {t2 - t1:.1f} s")
    tableau = pilotage.tableau(import_fichier)
    correspondance = pilotage.proposition(import_fichier, tableau.entetes)
    pilotage.lancer_analyse(import_fichier, correspondance, agent)  # task, run by the worker
    pilotage.analyser_import(import_fichier.pk)
    t3 = time.perf_counter()
    import_fichier.refresh_from_db()
    print(
        f"Aperçu (analyse) : {t3 - t2:.1f} s — {import_fichier.lignes_en_erreur} ligne(s) en erreur"
    )

    pilotage.confirmer(import_fichier, seulement_valides=False)
    pilotage.executer_import(import_fichier.pk)
    t4 = time.perf_counter()
    import_fichier.refresh_from_db()
    print(
        f"Import confirmé (nouvelle analyse + écriture) : {t4 - t3:.1f} s — statut : {import_fichier.get_statut_display()}"
    )
    print(f"Comptes famille : {Foyer.objects.count()}, enfants : {Enfant.objects.count()}")
    print(f"TOTAL téléversement → import terminé : {t4 - t1:.1f} s (objectif : moins de 60 s)")
    if ImportFichier.Statut(import_fichier.statut) != ImportFichier.Statut.TERMINE:
        sys.exit(1)
    if not args.garder:
        for fichier in dossier.iterdir():
            fichier.unlink()
        dossier.rmdir()


if __name__ == "__main__":
    main()
