"""Fast, deterministic tests: MD5 hashing, tasks run inline, mails kept in memory."""

import tempfile

from .base import *

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
_tmp = Path(tempfile.mkdtemp(prefix="portail-tests-"))
MEDIA_ROOT = _tmp / "media"
PRIVATE_MEDIA_ROOT = _tmp / "private"
STORAGES["default"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(MEDIA_ROOT)},
}
STORAGES["private"] = {
    "BACKEND": "portail.stockage.StockagePrive",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
}
# django-q2 reads Q_CLUSTER at import: tasks run inline in tests.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
if not DATABASE_URL:
    DATABASES["default"]["NAME"] = str(_tmp / "test.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": str(_tmp / "test.sqlite3")}
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# One process per test run: the in-memory cache is enough and keeps query counts and tests
# without the database simple; tests/test_settings.py checks the shared cache across processes.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages_locales": CACHES["pages_locales"],
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
STATIC_ROOT = _tmp / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True

# Payment tests use the stand-in bank; PayFiP itself is answered by recorded SOAP (responses).
BANQUE_FICTIVE = True
# Non-breaking spaces of French typography (portail/typographie.py): off here, because hundreds
# of assertions quote the portal's words with ordinary spaces; tests/test_typographie_parent.py
# turns it on and checks every parent page with it.
TYPOGRAPHIE_FRANCAISE = False
# The waiting room (portail/salle_attente.py) is off for the other tests (no admission cookie on
# their responses); tests/test_salle_attente.py turns it on.
SALLE_ATTENTE_LIMITE = 0
# The public pages' cache (portail/cache_pages.py) is off for the other tests (each would see
# the pages another stored); tests/test_cache_pages.py turns it on.
PAGES_PUBLIQUES_DUREE = 0
PAGES_PUBLIQUES_CACHE = "pages_locales"
# Likewise the periods' shared data of the Réservations tab (services/grille.py): read on every
# page here; tests/reservations/test_compte_a_rebours_cache.py turns it on.
RESERVATIONS_DUREE_DONNEES_PERIODE = 0
RESERVATIONS_DUREE_CALENDRIER_AVANT_OUVERTURE = 0
