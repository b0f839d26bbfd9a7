"""The demo and a developer's laptop: SQLite, mails written to var/mails, debug on."""

from .base import *

DEBUG = env_bool("DEBUG", True)
# bin/demo runs with DEBUG off, so that visitors see the French 404 and 500 pages; uploaded
# images must still be served (in production the web server or S3 does it).
SERVIR_MEDIA = True
SECRET_KEY = env("SECRET_KEY", "dev-only-not-secret-portail-famille")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# The demo pays with the stand-in bank (famille/facturation/views/banque_fictive.py).
BANQUE_FICTIVE = env_bool("BANQUE_FICTIVE", True)
