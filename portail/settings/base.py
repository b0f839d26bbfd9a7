"""Settings shared by every environment. Each value that differs between a laptop and a town's
server comes from the environment (12-factor); dev, production and test only adjust them."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def required_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(
            f"La variable d'environnement {name} est obligatoire en production : "
            f"définissez-la avant de démarrer le portail."
        )
    return value


INSTALLED_APPS = [
    "home",
    "famille.comptes",
    "famille.dossiers",
    "famille.reservations",
    "famille.facturation",
    "forms",
    "transfers",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "django_q",
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

# portail/typographie.py: non-breaking spaces inside « » and before : ; ! ? on the parent's pages.
TYPOGRAPHIE_FRANCAISE = True

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "portail.securite.PolitiqueContenuMiddleware",
    # Before anything reads the body: size cap, then a French page for what Django refuses.
    "portail.limites.LimiteEnvoiMiddleware",
    # French non-breaking spaces in the rendered HTML of the portal (not the admin):
    # TYPOGRAPHIE_FRANCAISE below.
    "portail.typographie.TypographieMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise (static files never reach it), before sessions (no session read).
    "portail.salle_attente.SalleAttenteMiddleware",
    # After the waiting room (a cached page is still a request in flight), before sessions:
    # public CMS pages served to anonymous visitors without session read nor query.
    "portail.cache_pages.CachePagesPubliquesMiddleware",
    # The request's Wagtail site from the frame's pages each process keeps, without a query.
    "famille.comptes.pages_cadre.SiteDuCadreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "famille.comptes.middleware.DureeAbsolueSessionMiddleware",
    "famille.comptes.middleware.RafraichissementSessionMiddleware",
    "portail.securite.PasDeCacheMiddleware",
    "famille.comptes.middleware.PremiereConnexionMiddleware",
    "famille.comptes.middleware.StructureCouranteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Choosers and bulk actions of the domain's models ask for a permission on the model.
    "famille.comptes.garde_admin.GardeAdminMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into our French page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portail.urls"
PREFIXE_ADMINISTRATION = "/admin/"

# Content-Security-Policy (django-csp, portail/securite.py). The portal: nothing inline,
# nothing from another origin (no CDN, no third-party request), never framed. Images may be
# data: URIs (Bootstrap's form icons) and, with S3 storage, come from CSP_SOURCES_IMAGES.
SOURCES_IMAGES = [SELF, "data:", *env_list("CSP_SOURCES_IMAGES")]
# Online payment (issue 14): « Effectuer un règlement » posts to the portal, which redirects to
# the bank's page; browsers apply form-action to that redirect, so the bank's origin is listed.
PAIEMENT_ORIGINES = env_list("PAIEMENT_ORIGINES", "https://www.payfip.gouv.fr")
# The stand-in bank (demo and tests, famille/facturation/views/banque_fictive.py): never in
# production (production.py forces it off); its pages answer 404 when this is off.
BANQUE_FICTIVE = env_bool("BANQUE_FICTIVE", False)
# Seconds the portal waits for the bank's SOAP answers before retrying later.
PAIEMENT_DELAI_BANQUE = int(env("PAIEMENT_DELAI_BANQUE", "10"))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": SOURCES_IMAGES,
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF, *PAIEMENT_ORIGINES],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# The Wagtail admin (under PREFIXE_ADMINISTRATION): Wagtail 8 still writes inline scripts and
# styles and evaluates code (Draftail, the accessibility checker), and frames its own previews.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [*SOURCES_IMAGES, "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): the portal uses no sensor, camera or payment
# API (a phone's camera for a pièce goes through the file picker, which this does not block).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "famille.comptes.context_processors.portail",
            ],
        },
    },
]

WSGI_APPLICATION = "portail.wsgi.application"

# Database: DATABASE_URL (PostgreSQL in production), else a SQLite file.
# WAL, IMMEDIATE transactions and a busy timeout let django-q2 workers and web requests write
# at the same time; without them SQLite answers « database is locked ».
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        " PRAGMA foreign_keys=ON;"
    ),
}
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the portal's queries are short, and PostgreSQL's cost estimates
    # (thousands of bookings per day on average) made it compile some of them — 30 ms of LLVM
    # for a 0.2 ms query (the free places of a calendar, EXPLAIN ANALYZE on 230,000 bookings).
    # An option of the connection, kept when the URL brings its own `options`.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
    # Parameters sent apart from the query (server-side binding) and each query run twice on a
    # connection kept prepared by psycopg: PostgreSQL then neither parses nor plans it again.
    # Measured on the load benchmark's journey (issue 15.7): planning took more of PostgreSQL's
    # CPU than execution (1.7 s vs 1.4 s for 100 families), and its processes used about 30 %
    # less CPU prepared. Django's default (client-side binding, nothing prepared) is kept with
    # POSTGRES_REQUETES_PREPAREES=0, for a transaction-pooling PgBouncer older than 1.21.
    if env("POSTGRES_REQUETES_PREPAREES", "1") != "0":
        _options.setdefault("server_side_binding", True)
        _options.setdefault("prepare_threshold", 2)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts
AUTH_USER_MODEL = "comptes.Compte"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "famille.comptes.backends.IdentifiantBackend",
]
# Argon2id at OWASP's parameters (famille.comptes.hachage: the login cost on an opening
# morning); hashes made with Django's default parameters are upgraded at the next login.
PASSWORD_HASHERS = [
    "famille.comptes.hachage.Argon2OwaspHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# CNIL 2022 and OWASP ASVS level 2: length, not composition.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "famille.comptes.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email")},
    },
]
LOGIN_URL = "comptes:connexion"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60  # the memo's link: one hour, then ask again

# Sessions end after 30 minutes without activity. Not SESSION_SAVE_EVERY_REQUEST (a write per
# page view): famille.comptes.middleware.RafraichissementSessionMiddleware saves an active
# session at most once a minute.
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", "1800"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# …and 8 hours after the login however active (a working day at the counter), so a stolen or
# forgotten session does not live for ever (famille.comptes.middleware).
SESSION_DUREE_ABSOLUE = int(env("SESSION_DUREE_ABSOLUE", str(8 * 3600)))

# The client's address: behind NUM_PROXIES reverse proxies (a load balancer is 1), read from
# X-Forwarded-For through django-ipware; 0 means requests arrive straight from the client and
# the header, which anyone can write, is ignored. One helper reads it for every use.
NUM_PROXIES = int(env("NUM_PROXIES", "0"))

# Login throttling (django-axes, counters in the database so every worker shares them).
# - 5 failures for one identifiant lock that identifiant for 15 minutes, from any address.
# - An address is locked only after failures on AXES_LIMITE_PULVERISATION different
#   identifiants within those 15 minutes (a password spray). Set by measurement
#   (scripts/mesure_blocage.py, results in README « Connexions : seuils de blocage »): the
#   guichet PC of an opening morning reaches 12 identifiants at worst, a mobile operator's
#   address shared by 128 of the town's parents 22 in 1 morning out of 1,000 (10 locked the
#   guichet 6 mornings in 100); at 20 a fast spray is stopped after 20 identifiants (38 s).
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_LIMITE_PULVERISATION = int(env("AXES_LIMITE_PULVERISATION", "20"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns when the address is not a lockout parameter (a sprayer rotating identifiants would
# go unchecked): our handler's spray rule is that per-address check, with its own threshold.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_HANDLER = "famille.comptes.blocage.GestionnaireBlocage"
AXES_CLIENT_IP_CALLABLE = "famille.comptes.services.adresse_ip"
AXES_USERNAME_CALLABLE = "famille.comptes.backends.axes_username"
AXES_LOCKOUT_TEMPLATE = "comptes/compte_bloque.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Internationalisation: French, Paris.
LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
# Our wording of a few Wagtail strings (« Ajouter un(e) … »): portail/locale/fr.
LOCALE_PATHS = [PROJECT_DIR / "locale"]
USE_TZ = True
# No automatic grouping: it would also print ids as « 1 669 » in URLs, HTML ids and form values.
# Amounts are grouped where shown, with the floatformat filter's « g » suffix (« 1 234,50 »).
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["portail.formats"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]

# Static files: served by the application itself (whitenoise), no CDN.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Health data and pièces justificatives: never under MEDIA_URL, served by a checked view.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "portail.stockage.StockagePrive",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible storage when a town runs several web instances (django-storages).
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"default_acl": "private", "querystring_auth": True},
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"default_acl": "private", "location": "private", "querystring_auth": True},
    }

# Bounds of one request (issue 8.4; portail/limites.py turns refusals into French pages).
# Fields: the biggest legitimate forms (a Wagtail page with its inline panels, bulk actions on
# a few hundred ids) stay far below; 2,000 formset rows did not.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000
# Non-file data of one request (files are counted by TAILLE_MAX_ENVOI below).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The whole body, judged from Content-Length before it is read: a 10 Mo import file or a
# few 2 Mo pièces, with room for the form.
TAILLE_MAX_ENVOI = int(env("TAILLE_MAX_ENVOI", str(12 * 1024 * 1024)))
# Pièces justificatives per foyer and campaign (services/pieces.py).
QUOTA_PIECES = {"fichiers": 60, "octets": 60 * 1024 * 1024}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# E-mail: SMTP from EMAIL_URL-like variables in production, files in the demo.
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Portail Famille <ne-pas-repondre@portail-famille.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_FILE_PATH = BASE_DIR / "var" / "mails"

# django-q2: ORM broker (the database) by default, Redis when REDIS_URL is set.
REDIS_URL = env("REDIS_URL")
Q_CLUSTER = {
    "name": "portail",
    "workers": int(env("Q_WORKERS", "2")),
    "timeout": 600,
    "retry": 720,
    "max_attempts": 3,
    "queue_limit": 50,
    "label": "Tâches de fond",
    "catch_up": False,
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# The cache holds the rate limits (password-reset requests): it must be shared by every
# gunicorn worker and instance, never a per-process memory. The database by default (its table
# is created after each migrate, famille.comptes.apps), Redis when REDIS_URL is set.
# (The login lockout counters are django-axes' own database tables.)
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portail_cache",
        }
    }

# Public CMS pages kept for anonymous visitors (portail/cache_pages.py, issue 15.4): seconds a
# page is kept (0: off). A per-process memory cache without Redis (a publication reaches the
# other gunicorn processes within that time), Redis when REDIS_URL is set (shared at once).
PAGES_PUBLIQUES_DUREE = int(env("PAGES_PUBLIQUES_DUREE", "60"))
CACHES["pages_locales"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages_locales",
}
PAGES_PUBLIQUES_CACHE = "default" if REDIS_URL else "pages_locales"
# The countdown of the Réservations tab (famille/reservations/services/grille.py): what every
# family of a period shares (its prestations, days and opening) read once every this many
# seconds per process, in the `pages_locales` memory cache (0: read on every page).
RESERVATIONS_DUREE_DONNEES_PERIODE = int(env("RESERVATIONS_DUREE_DONNEES_PERIODE", "5"))
# And each family's countdown page with its read-only calendar, rendered once every this many
# seconds (never past the family's opening), in PAGES_PUBLIQUES_CACHE: the countdown is
# refreshed by thousands before the opening, and its calendar cannot change much then (only an
# agent's closure or a dossier validated shows up to this late; at the opening everything is
# read afresh). 300 s: with 60 s, families reloading every half minute rendered it every other
# time, and the 2,500-family run saturated before the opening. 0: rendered on every page.
RESERVATIONS_DUREE_CALENDRIER_AVANT_OUVERTURE = int(
    env("RESERVATIONS_DUREE_CALENDRIER_AVANT_OUVERTURE", "300")
)

# Faults of the opening morning (issue 15; portail/pannes.py, portail/cache_redis.py).
# The database unreachable: a French 503 page, not a 500. Just before axes (which must stay
# last): a view's exception reaches this middleware's process_exception first.
MIDDLEWARE.insert(
    MIDDLEWARE.index("axes.middleware.AxesMiddleware"), "portail.pannes.PanneBaseMiddleware"
)
if REDIS_URL:
    # Redis down: the cache answers as an empty cache instead of raising (sessions fall back
    # on the database, production.py), and says so in the logs.
    CACHES["default"]["BACKEND"] = "portail.cache_redis.CacheRedisTolerante"
    # django-q2 on Redis: short connection timeouts, so that queueing a task (after a
    # booking's commit) fails fast when Redis is down; the failure is logged, the booking kept
    # (famille/comptes/taches.py). socket_timeout stays above the broker's 1-second BLPOP.
    _delais_redis = "socket_connect_timeout=1&socket_timeout=5"
    Q_CLUSTER["redis"] = f"{REDIS_URL}{'&' if '?' in REDIS_URL else '?'}{_delais_redis}"

# The waiting room of the opening morning (portail/salle_attente.py). SALLE_ATTENTE_LIMITE:
# requests in flight at once (all processes, through Redis) before new arrivals wait; 0 turns it
# off. 4 by default, measured with the load benchmark (README « salle d'attente »): beyond it
# more requests at once only share the two cores and each one is slower. It must stay below
# gunicorn's threads (a waiting page needs a free one: a warning at startup otherwise).
# Without Redis each process allows SALLE_ATTENTE_LIMITE // WEB_CONCURRENCY.
SALLE_ATTENTE_LIMITE = int(env("SALLE_ATTENTE_LIMITE", "4"))
# A free slot goes to whichever of the first SALLE_ATTENTE_FENETRE × (free slots) waiting
# families refreshes first (1: strictly the first ones; portail/salle_attente.py says why 8).
SALLE_ATTENTE_FENETRE = int(env("SALLE_ATTENTE_FENETRE", "8"))
# With at least this many slots free the server has room for everyone: any request comes in,
# queued or not (0: never; portail/salle_attente.py says why 2).
SALLE_ATTENTE_LIBRES_POUR_TOUS = int(env("SALLE_ATTENTE_LIBRES_POUR_TOUS", "2"))
# An admitted visitor's short pass (seconds, not renewed): then it queues again if saturated.
SALLE_ATTENTE_DUREE_ADMISSION = int(env("SALLE_ATTENTE_DUREE_ADMISSION", "15"))
# A family that started booking is never sent back for this long after its last booking page.
SALLE_ATTENTE_DUREE_RESERVATION = int(env("SALLE_ATTENTE_DUREE_RESERVATION", "300"))
# Never queued (besides STATIC_URL, MEDIA_URL and the admin): the bank's notifications and
# returns, the stand-in bank, health checks.
SALLE_ATTENTE_EXEMPTIONS = ["/banque/", "/banque-fictive/", "/sante/", "/favicon.ico"]

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Wagtail
WAGTAIL_SITE_NAME = env("PORTAIL_NAME", "Portail Famille")
WAGTAILADMIN_BASE_URL = env("PORTAIL_URL", "http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "csv", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILADMIN_USER_LOGIN_FORM = "home.admin_forms.ConnexionAdminForm"
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAILUSERS_PASSWORD_REQUIRED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the portal makes no third-party request
# No Gravatar: it would send each agent's e-mail hash to a third party on every admin page
# (and show a broken image offline); Wagtail shows its default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_FINDERS = []

# The portal's own address, printed on letters and e-mails.
PORTAIL_URL = WAGTAILADMIN_BASE_URL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {
        "famille": {"level": env("LOG_LEVEL", "INFO")},
        "transfers": {"level": env("LOG_LEVEL", "INFO")},
        "django.request": {"level": "WARNING"},
    },
}
