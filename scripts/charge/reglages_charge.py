"""Settings of the load benchmark's gunicorn: the production settings, with only what a
plain-HTTP run on 127.0.0.1 needs changed (no TLS in front: no HTTPS redirect, cookies not
marked Secure, no HSTS). Everything else — hashers, sessions and cache in Redis when REDIS_URL
is set, persistent connections with health checks, whitenoise, middleware — is production's.

CHARGE_STATIQUES=simples (the CI test only) serves static files without the collectstatic
manifest, to spare a collectstatic; the benchmark itself keeps production's storage."""

import os

from portail.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
if os.environ.get("CHARGE_STATIQUES") == "simples":
    STORAGES["staticfiles"] = {  # noqa: F405
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
