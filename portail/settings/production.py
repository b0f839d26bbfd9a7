"""A town's server. Every secret comes from the environment; a missing one stops start-up
with a message that names it."""

from .base import *

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = required_env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [required_env("ALLOWED_HOSTS")]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# The documented topology: gunicorn behind one load balancer (set 0 when clients reach
# gunicorn directly, 2 behind a CDN and a balancer).
NUM_PROXIES = int(env("NUM_PROXIES", "1"))

# Pièces justificatives and health documents: outside the code checkout by default, so that a
# redeploy, an archive of the code or a misconfigured web server never touches them.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", "/var/lib/portail-famille/prive"))
if STORAGES["private"]["BACKEND"] == "portail.stockage.StockagePrive":
    STORAGES["private"]["OPTIONS"] = {"location": str(PRIVATE_MEDIA_ROOT)}

# The web tier of an opening morning (issue 15): one connection per worker thread kept open
# between requests (base: CONN_MAX_AGE 60 s), checked before reuse so a restarted PostgreSQL
# costs a reconnection, not an error page.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A PostgreSQL host that does not answer at all (not restarting: gone) fails a connection in
# 5 s, a French 503 page (portail/pannes.py), instead of holding the thread past gunicorn's
# 30-second timeout, which kills the worker.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# With Redis (the cache, base.py), sessions are read from it: a page view costs no session
# query. `cached_db`, not `cache`: each session is also written to the database (at the login,
# then at most once a minute, famille.comptes.middleware), so that a Redis restart or outage
# logs nobody out — the sessions are read from the database meanwhile (issue 15, « Redis down »).
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Hashed static files (CompressedManifestStaticFilesStorage, base.py) never change under their
# name: whitenoise's middleware recognises them from the manifest and serves them with a
# ten-year « public, immutable » Cache-Control (whitenoise.middleware); other files
# (a name without a hash) for a minute only.
WHITENOISE_MAX_AGE = 60

# Never the stand-in bank on a town's server, whatever the environment says.
BANQUE_FICTIVE = False
