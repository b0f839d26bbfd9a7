"""The opening-morning load scenario in a small size (issue 15.8): 30 families, a period of two
weeks, one scenario minute in half a second, gunicorn with the production settings (plain HTTP)
on the test database, Locust in its own process (scripts/charge/). Fails on any failed request
(5xx, timeout, connection), any 4xx, any family whose booking was not confirmed, any
over-booking, double booking, waiting list out of order or unfair allocation — never on a time.

PostgreSQL only: the run needs a database that another process (gunicorn) can open, and the
row locks that make the capped days hold under concurrency."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import pytest

CHARGE = Path(__file__).resolve().parent.parent / "scripts" / "charge"
sys.path.insert(0, str(CHARGE))

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _url_base() -> str:
    from django.db import connection

    r = connection.settings_dict
    auth = r["USER"] + (f":{r['PASSWORD']}" if r["PASSWORD"] else "")
    return f"postgres://{auth}@{r['HOST'] or '127.0.0.1'}:{r['PORT'] or 5432}/{r['NAME']}"


def test_la_matinee_d_ouverture_en_petit(tmp_path):
    """The « normale » variant: logins before the opening, countdown, every family booking at
    the opening (within a twelfth of a second here: as concurrent as the worst case), some
    cancellations, late families. The worst case is played by the benchmark itself."""
    variante = "normale"
    import banc
    import donnees
    import rapport
    import verification
    from django.core.management import call_command
    from django.db import connections

    from famille.reservations.models import PeriodeReservation

    # Without Redis, production keeps its cache in the database (created by migrate; the
    # test settings use another cache, so the test database lacks the table).
    call_command("createcachetable", "portail_cache")
    data = donnees.preparer(
        30,
        ouverture=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1),
        semaines=2,
    )
    (tmp_path / "donnees.json").write_text(__import__("json").dumps(data))
    connections.close_all()
    env = banc.environnement(_url_base(), "", tmp_path, CHARGE_STATIQUES="simples")
    port = 8830
    serveur = banc.lancer_gunicorn(env, port, 1, 4, tmp_path / "gunicorn.log")
    try:
        banc.jouer(
            env,
            f"http://127.0.0.1:{port}",
            tmp_path / "donnees.json",
            data,
            tmp_path,
            variante,
            0.5,
            ouvrir=lambda t0: PeriodeReservation.objects.filter(pk=data["periode"]["id"]).update(
                ouverture=datetime.datetime.fromtimestamp(t0, datetime.UTC)
            ),
        )
    finally:
        banc.arreter(serveur)
    from outils import lire_arrivees

    resultat = verification.verifier(
        data["periode"]["id"], lire_arrivees(tmp_path / "familles.csv")
    )
    (tmp_path / "verification.json").write_text(__import__("json").dumps(resultat, default=str))
    figures = rapport.synthese(
        tmp_path,
        {
            "nom": "ci",
            "commande": "pytest",
            "date": "",
            "variante": variante,
            "base": "PostgreSQL",
            "redis": "non",
            "workers": 1,
            "threads": 4,
            "minute": 0.5,
            "coeurs": 2,
            "charge_avant": "",
            "charge_max": "",
        },
    )
    assert banc.rapport_defauts(figures) == [], (tmp_path / "rapport.md").read_text()
    # The capped days were smaller than demand: the fairness check had something to check.
    assert resultat["jours_complets"] > 0
    assert resultat["lignes"].get("attente", 0) > 0
    assert figures["familles_confirmees"] == 30
