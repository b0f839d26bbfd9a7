"""Settings read from the environment: production is safe, SQLite survives concurrent writers,
django-q2 picks its broker, and the portal speaks French."""

from __future__ import annotations

import datetime
import functools
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation

# These tests read settings in fresh processes (or the test settings themselves) and never the
# test database, so PostgreSQL's pass would only repeat them (~35 s of a 2-core CI): they run on
# SQLite only. The one test that uses the database (the cache table after migrate) runs on both.
pytestmark = pytest.mark.moteur_indifferent

RACINE = Path(__file__).resolve().parent.parent

ENV_PRODUCTION = {
    "SECRET_KEY": "k4-" + "x9Qz!Lm2#Rt7@Vb5$Np8&Hs3*Jd6^Wf1" * 2,
    "ALLOWED_HOSTS": "portail.cestas.fr",
    "CSRF_TRUSTED_ORIGINS": "https://portail.cestas.fr",
    "DATABASE_URL": "postgres://portail:secret@127.0.0.1:5432/portail",
    "EMAIL_HOST": "smtp.cestas.fr",
    "PORTAIL_URL": "https://portail.cestas.fr",
}


def _executer(
    arguments: list[str], env: dict[str, str], module: str
) -> subprocess.CompletedProcess:
    """Run Python in a fresh process: settings are read once, at import."""
    propre = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_"))}
    for nom in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG"):
        propre.pop(nom, None)
    propre |= {"DJANGO_SETTINGS_MODULE": module, **env}
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=RACINE,
        env=propre,
        capture_output=True,
        text=True,
        timeout=120,
    )


# Every setting of a module under one environment, read in one fresh process and kept for the
# session: a fresh Django start costs seconds, and most tests read several settings of the
# same (environment, module). Values go through JSON (str for what JSON cannot say).
_LIRE_TOUT = """
import django, json
django.setup()
from django.conf import settings
def valeur(v):
    try:
        return json.loads(json.dumps(v, default=str))
    except (TypeError, ValueError):
        return str(v)
print(json.dumps({n: valeur(getattr(settings, n)) for n in dir(settings) if n.isupper()}))
"""


@functools.cache
def _tous_les_reglages(env: tuple[tuple[str, str], ...], module: str) -> str:
    resultat = _executer(["-c", _LIRE_TOUT], dict(env), module)
    assert resultat.returncode == 0, resultat.stderr
    return resultat.stdout.strip().splitlines()[-1]


def _reglage(nom: str, env: dict[str, str], module: str):
    """The value of `nom` (a setting, or an item of one: "CACHES['default']")."""
    reglages = json.loads(_tous_les_reglages(tuple(sorted(env.items())), module))
    return eval(nom, {"__builtins__": {}}, reglages)


def test_check_deploy_sans_avertissement_en_production():
    resultat = _executer(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        ENV_PRODUCTION,
        "portail.settings.production",
    )
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "System check identified no issues" in resultat.stdout
    assert "WARNING" not in resultat.stderr + resultat.stdout


def test_secret_key_manquante_arrete_le_demarrage_en_la_nommant():
    env = {k: v for k, v in ENV_PRODUCTION.items() if k != "SECRET_KEY"}
    resultat = _executer(["-c", "import portail.wsgi"], env, "portail.settings.production")
    assert resultat.returncode != 0
    assert "SECRET_KEY" in resultat.stderr
    assert "obligatoire en production" in resultat.stderr


def test_allowed_hosts_manquant_arrete_le_demarrage_en_le_nommant():
    env = {k: v for k, v in ENV_PRODUCTION.items() if k != "ALLOWED_HOSTS"}
    resultat = _executer(["manage.py", "check"], env, "portail.settings.production")
    assert resultat.returncode != 0
    assert "ALLOWED_HOSTS" in resultat.stderr


def test_production_lit_database_url_et_desactive_debug():
    base = _reglage("DATABASES['default']", ENV_PRODUCTION, "portail.settings.production")
    assert base["ENGINE"] == "django.db.backends.postgresql"
    assert base["HOST"] == "127.0.0.1"
    assert base["NAME"] == "portail"
    assert _reglage("DEBUG", ENV_PRODUCTION, "portail.settings.production") is False
    assert _reglage("EMAIL_BACKEND", ENV_PRODUCTION, "portail.settings.production") == (
        "django.core.mail.backends.smtp.EmailBackend"
    )


def test_sqlite_par_defaut_en_wal_immediate_avec_delai_d_attente(tmp_path):
    env = {"SQLITE_PATH": str(tmp_path / "portail.sqlite3")}
    base = _reglage("DATABASES['default']", env, "portail.settings.dev")
    assert base["ENGINE"] == "django.db.backends.sqlite3"
    assert base["NAME"] == env["SQLITE_PATH"]
    assert base["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert base["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in base["OPTIONS"]["init_command"]
    assert "busy_timeout" in base["OPTIONS"]["init_command"]


def test_la_connexion_sqlite_est_vraiment_en_wal(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0]); "
        "print(connection.transaction_mode)"
    )
    env = {"SQLITE_PATH": str(tmp_path / "portail.sqlite3")}
    resultat = _executer(["-c", code], env, "portail.settings.dev")
    assert resultat.returncode == 0, resultat.stderr
    mode, delai, transactions = resultat.stdout.split()[-3:]
    assert mode.lower() == "wal"
    assert int(delai) >= 5000
    assert transactions == "IMMEDIATE"


def test_file_de_taches_sur_l_orm_par_defaut():
    q_cluster = _reglage("Q_CLUSTER", {}, "portail.settings.dev")
    assert q_cluster["orm"] == "default"
    assert "redis" not in q_cluster


def test_file_de_taches_sur_redis_quand_redis_url_est_definie():
    env = {"REDIS_URL": "redis://127.0.0.1:6379/3"}
    q_cluster = _reglage("Q_CLUSTER", env, "portail.settings.dev")
    # With short connection timeouts: a Redis down fails the queueing fast (portail/pannes.py).
    attendu = "redis://127.0.0.1:6379/3?socket_connect_timeout=1&socket_timeout=5"
    assert q_cluster["redis"] == attendu
    assert "orm" not in q_cluster
    q_cluster = _reglage("Q_CLUSTER", ENV_PRODUCTION | env, "portail.settings.production")
    assert q_cluster["redis"] == attendu


def test_les_tests_executent_les_taches_immediatement():
    assert settings.Q_CLUSTER["sync"] is True


def test_francais_et_heure_de_paris():
    assert settings.LANGUAGE_CODE == "fr-fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_TZ is True
    assert [code for code, _ in settings.WAGTAILADMIN_PERMITTED_LANGUAGES] == ["fr"]


def test_dates_et_nombres_au_format_francais():
    with translation.override("fr"):
        jour = datetime.date(2027, 8, 23)
        assert formats.date_format(jour) == "lundi 23 août 2027"
        assert formats.date_format(jour, "SHORT_DATE_FORMAT") == "23/08/2027"
        assert formats.number_format(Decimal("12.50"), 2) == "12,50"
        rendu = Template("{{ jour|date }} · {{ prix|floatformat:2 }} €").render(
            Context({"jour": jour, "prix": Decimal("12.5")})
        )
        assert rendu == "lundi 23 août 2027 · 12,50 €"
        assert formats.number_format(Decimal("1234.5"), 2, force_grouping=True) == "1\u202f234,50"


def test_saisie_des_dates_a_la_francaise():
    from django import forms

    class Formulaire(forms.Form):
        jour = forms.DateField()

    with translation.override("fr"):
        formulaire = Formulaire({"jour": "23/08/2027"})
        assert formulaire.is_valid(), formulaire.errors
        assert formulaire.cleaned_data["jour"] == datetime.date(2027, 8, 23)


def test_les_limites_sont_comptees_dans_un_cache_partage():
    # Every gunicorn worker and instance must see the same counters: never a per-process cache.
    cache = _reglage("CACHES['default']", {}, "portail.settings.dev")
    assert cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    cache = _reglage("CACHES['default']", ENV_PRODUCTION, "portail.settings.production")
    assert cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    env = {"REDIS_URL": "redis://127.0.0.1:6379/3"}
    cache = _reglage("CACHES['default']", ENV_PRODUCTION | env, "portail.settings.production")
    # Django's Redis cache, tolerant of Redis being down (portail/cache_redis.py).
    assert cache["BACKEND"] == "portail.cache_redis.CacheRedisTolerante"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/3"


def test_la_limite_de_reinitialisation_tient_entre_deux_processus(tmp_path):
    """Two processes (two gunicorn workers) share the counter: 3 requests in each, limit 5."""
    code = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('createcachetable'); "
        "from famille.comptes.services import limite_atteinte; "
        "print([limite_atteinte('reinit:id:f1001', limite=5) for _ in range(3)])"
    )
    env = {"SQLITE_PATH": str(tmp_path / "portail.sqlite3")}
    premier = _executer(["-c", code], env, "portail.settings.dev")
    second = _executer(["-c", code], env, "portail.settings.dev")
    assert premier.returncode == 0 and second.returncode == 0, premier.stderr + second.stderr
    assert premier.stdout.strip().splitlines()[-1] == "[False, False, False]"
    assert second.stdout.strip().splitlines()[-1] == "[False, False, True]"


def test_la_table_du_cache_est_creee_apres_chaque_migrate(db):
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection
    from django.test import override_settings

    base_de_donnees = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portail_cache_essai",
        }
    }
    with override_settings(CACHES=base_de_donnees):
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert "portail_cache_essai" in connection.introspection.table_names()


def test_en_production_les_fichiers_prives_sont_hors_du_depot_par_defaut():
    racine = Path(_reglage("PRIVATE_MEDIA_ROOT", ENV_PRODUCTION, "portail.settings.production"))
    assert not racine.resolve().is_relative_to(RACINE.resolve())
    stockage = _reglage("STORAGES['private']", ENV_PRODUCTION, "portail.settings.production")
    assert stockage["OPTIONS"]["location"] == str(racine)
    env = ENV_PRODUCTION | {"PRIVATE_MEDIA_ROOT": "/srv/portail/prive"}
    stockage = _reglage("STORAGES['private']", env, "portail.settings.production")
    assert stockage["OPTIONS"]["location"] == "/srv/portail/prive"


def _reglages_web(env: dict[str, str]) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "b = s.DATABASES['default']; print(json.dumps({'session': s.SESSION_ENGINE, "
        "'age': b['CONN_MAX_AGE'], 'verif': b['CONN_HEALTH_CHECKS'], "
        "'chaque_requete': s.SESSION_SAVE_EVERY_REQUEST}))"
    )
    resultat = _executer(["-c", code], env, "portail.settings.production")
    assert resultat.returncode == 0, resultat.stderr
    return json.loads(resultat.stdout.strip().splitlines()[-1])


def test_production_sessions_dans_redis_et_connexions_persistantes():
    # An opening morning: a page view reads its session from Redis, not from the database
    # (kept there too, so that a Redis outage logs nobody out), and reuses its worker's
    # database connection, checked after a PostgreSQL restart.
    reglages = _reglages_web(ENV_PRODUCTION | {"REDIS_URL": "redis://127.0.0.1:6379/3"})
    assert reglages["session"] == "django.contrib.sessions.backends.cached_db"
    assert reglages["age"] >= 60 and reglages["verif"] is True
    assert reglages["chaque_requete"] is False
    # Without Redis the sessions stay in the database (a cache in the database is no better).
    reglages = _reglages_web(ENV_PRODUCTION)
    assert reglages["session"] == "django.contrib.sessions.backends.db"


def test_gunicorn_lit_sa_configuration_depuis_le_procfile():
    procfile = (RACINE / "Procfile").read_text()
    assert "--config portail/gunicorn.conf.py" in procfile
    reglages: dict = {}
    exec((RACINE / "portail" / "gunicorn.conf.py").read_text(), reglages)
    assert reglages["worker_class"] == "gthread"
    assert reglages["workers"] * reglages["threads"] >= 4


def test_production_sans_banque_fictive_et_form_action_vers_payfip():
    env = {**ENV_PRODUCTION, "BANQUE_FICTIVE": "1"}  # a stray variable changes nothing
    assert _reglage("BANQUE_FICTIVE", env, "portail.settings.production") is False
    directives = _reglage(
        "CONTENT_SECURITY_POLICY['DIRECTIVES']", ENV_PRODUCTION, "portail.settings.production"
    )
    assert "https://www.payfip.gouv.fr" in directives["form-action"]


def test_pages_publiques_en_memoire_sans_redis_et_dans_redis_avec():
    # Without Redis, a memory cache of each process (nothing to install); with it, Redis, so
    # that a publication empties the pages of every process and instance at once.
    assert _reglage("PAGES_PUBLIQUES_CACHE", ENV_PRODUCTION, "portail.settings.production") == (
        "pages_locales"
    )
    env = ENV_PRODUCTION | {"REDIS_URL": "redis://127.0.0.1:6379/3"}
    assert _reglage("PAGES_PUBLIQUES_CACHE", env, "portail.settings.production") == "default"
    locales = _reglage("CACHES['pages_locales']", env, "portail.settings.production")
    assert locales["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert _reglage("PAGES_PUBLIQUES_DUREE", ENV_PRODUCTION, "portail.settings.production") > 0
    # After the waiting room (a cached page still counts as a request in flight), before the
    # sessions (a cached page reads none).
    pile = settings.MIDDLEWARE
    cache_pages = pile.index("portail.cache_pages.CachePagesPubliquesMiddleware")
    assert pile.index("portail.salle_attente.SalleAttenteMiddleware") < cache_pages
    assert cache_pages < pile.index("django.contrib.sessions.middleware.SessionMiddleware")


def test_gunicorn_ne_recycle_pas_ses_processus_en_pleine_affluence():
    reglages: dict = {}
    exec((RACINE / "portail" / "gunicorn.conf.py").read_text(), reglages)
    # A cached page costs about a millisecond: 2,000 requests were a few seconds of a rush.
    assert reglages["max_requests"] >= 20_000
    assert 0 < reglages["max_requests_jitter"] < reglages["max_requests"]
