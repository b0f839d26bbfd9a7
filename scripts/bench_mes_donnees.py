"""Time of the « Mes données » PDF for a demo family (issue 10.9: under 2 s, or in the background).

Loads the demo in a throw-away SQLite database, logs in as the family's titulaire and times the
whole request that downloads the PDF (the data read, the readable layout, WeasyPrint), as the
parent's browser waits for it; the JSON export is timed too, for comparison. Wall time, median
of several runs after one warm-up (the first PDF of a process loads the fonts).

    .venv/bin/python scripts/bench_mes_donnees.py [--famille F1001] [--essais 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--famille", default="F1001")
    parser.add_argument("--essais", type=int, default=5)
    parser.add_argument(
        "--dossier", help="reuse this folder's database (the demo is loaded once, slowly)"
    )
    args = parser.parse_args()

    dossier = Path(args.dossier or tempfile.mkdtemp(prefix="bench-mes-donnees-"))
    deja = (dossier / "bench.sqlite3").exists()
    print(f"Base : {dossier / 'bench.sqlite3'}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "portail.settings.dev"
    os.environ["SQLITE_PATH"] = str(dossier / "bench.sqlite3")
    os.environ["PRIVATE_MEDIA_ROOT"] = str(dossier / "prive")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from famille.comptes import services as comptes_services
    from famille.comptes.models import Compte
    from famille.dossiers.pages import DossierFamillePage
    from home import demo

    if not deja:
        call_command("migrate", verbosity=0)
        demo.charger()
    compte = Compte.objects.get(username=args.famille)
    # The demo leaves the RGPD/CGU to tick on the next login: ticked here, as the parent would.
    documents = comptes_services.documents_a_accepter(compte)
    if documents:
        comptes_services.enregistrer_consentements(compte, documents)
    client = Client()
    client.force_login(compte)
    base = DossierFamillePage.objects.live().first().url

    def mesurer(format_: str) -> tuple[list[float], int]:
        url = f"{base}mes-donnees/{format_}/"
        reponse = client.get(url)  # warm-up: fonts, templates, caches
        assert reponse.status_code == 200, (reponse.status_code, reponse.get("Location"))
        durees = []
        for _ in range(args.essais):
            debut = time.perf_counter()
            reponse = client.get(url)
            durees.append(time.perf_counter() - debut)
            assert reponse.status_code == 200
        return durees, len(reponse.content)

    print(f"Famille {args.famille}, {args.essais} essais, charge moyenne {os.getloadavg()[0]:.1f}")
    for format_ in ("pdf", "json"):
        durees, taille = mesurer(format_)
        print(
            f"{format_.upper():4} : médiane {statistics.median(durees):.2f} s, "
            f"max {max(durees):.2f} s, {taille / 1024:.0f} Ko"
        )


if __name__ == "__main__":
    main()
