"""SPP settings: one module, driven by the environment.

Every knob an administrator may turn is read from an environment variable documented in
docs/configuration.md and .env.example. ``SPP_ENV`` chooses the profile:

- ``dev`` (the default, what ``make demo`` uses): SQLite under var/, console email, DEBUG on,
  an insecure fixed secret key so the demo starts with nothing to configure;
- ``test``: as dev, but DEBUG off and tasks run inline;
- ``prod``: every secret must be given; HTTPS, secure cookies and HSTS are enforced, so that
  ``manage.py check --deploy`` passes with no warning.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.csp import content_security_policy
from config.identity import identity_provider_apps

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SPP_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SPP_ENV = os.environ.get("SPP_ENV", "dev")
if SPP_ENV not in {"dev", "test", "prod"}:
    raise ImproperlyConfigured("SPP_ENV must be one of dev, test, prod.")
PRODUCTION = SPP_ENV == "prod"

DEBUG = env_bool("DEBUG", SPP_ENV == "dev")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when SPP_ENV=prod.")
    SECRET_KEY = "insecure-development-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when SPP_ENV=prod.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    # spp.core comes before allauth so that its templates restyle allauth's pages.
    "spp.core",
    "allauth",
    "allauth.account",
    "allauth.mfa",  # the second factor (TOTP and recovery codes) staff must use
    "allauth.socialaccount",
    "spp.core.identity",  # FranceConnect and ProConnect (OpenID Connect), after allauth's apps
    "django_tasks",
    "django_tasks_db",
    "ninja",  # the API docs page is our own (spp/core/api_docs.py), nothing from a CDN
    "spp.catalog",
    "spp.rosters",
    "spp.reports",
    "spp.open311",
    "spp.consultations",
    "spp.expenses",
    "spp.carpool",
    "spp.peers",
    "spp.impact",
    "spp.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "spp.core.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "spp.core.bad_input.RefuseNulBytesMiddleware",
    "spp.core.middleware.PreferredLanguageMiddleware",
    "spp.core.middleware.LoginRequiredUnlessPublicMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication and allauth: sends staff without a second factor to set one up.
    "spp.core.second_factor.StaffSecondFactorMiddleware",
]

ROOT_URLCONF = "config.urls"

# How spp/core/bad_input.py answers refused input under each interface's prefix (else HTML).
SPP_BAD_INPUT_RESPONDERS = {
    "/api/": "spp.core.api_errors.bad_input_response",
    "/open311/": "spp.open311.formats.bad_input_response",
}

# Login is required everywhere except on pages that opt out with @login_not_required and on
# these prefixes, whose handlers authenticate by themselves (API keys, sessions, public data).
LOGIN_NOT_REQUIRED_PREFIXES = (
    "/api/",
    "/open311/",
    "/healthz",
    "/static/",
    "/media/",
    "/i18n/",
    "/accounts/",
)
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# The theme: "spp" (our own accessible theme, the default) or "dsfr" (State deployments only).
# A theme's folder under themes/ is searched first, so it may override any component template.
SPP_THEME = os.environ.get("SPP_THEME", "spp")
if SPP_THEME not in {"spp", "dsfr"}:
    raise ImproperlyConfigured("SPP_THEME must be 'spp' or 'dsfr'.")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "themes" / SPP_THEME],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "spp.core.context_processors.platform",
                "spp.catalog.context_processors.charters_to_reaccept",
            ],
            "string_if_invalid": os.environ.get("TEMPLATE_STRING_IF_INVALID", ""),
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'spp.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60" if PRODUCTION else "0")),
        conn_health_checks=True,
    )
}
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if USING_POSTGRES:
    # Django's backend with a health check that polls the socket before paying a round trip.
    DATABASES["default"]["ENGINE"] = "spp.ops.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the demo server and a worker share the file without errors.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Django's SQLite backend whose flush empties append-only tables as TRUNCATE does.
    DATABASES["default"]["ENGINE"] = "spp.ops.sqlite"
else:
    # Fail fast when PostgreSQL is away, so that requests answer 503 quickly.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

# spp/catalog/authentication.py: allauth's backend, reading the person in one query with the
# answers every page's frame needs (a member anywhere? a charter to accept again?). The ones
# after it only keep sessions opened before it valid (a session names its backend); new
# sign-ins record the first.
AUTHENTICATION_BACKENDS = [
    "spp.catalog.authentication.PersonBackend",
    "spp.core.authentication.PersonBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:my_engagement"
LOGOUT_REDIRECT_URL = "core:home"

# django-allauth: email is the identity; it must be verified before the account is used.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[SPP] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_ADAPTER = "spp.core.accounts.AccountAdapter"
# Sign-in throttling (allauth's rate limits, kept in the shared cache) counts per client
# address. Behind the reverse proxy docs/deployment.md requires, every request comes from the
# proxy's address: the client's is the one the proxies add to X-Forwarded-For, read at the
# position of the proxies we run (TRUSTED_PROXY_COUNT: 1 for one nginx; 0, the default, ignores
# the header, which anyone can write when no proxy of ours rewrites it), or from a header that
# our proxy alone sets (TRUSTED_CLIENT_IP_HEADER, e.g. X-Real-IP).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT") or 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER") or None
# Failed sign-ins: 10 a minute from one address (whatever the accounts), and 5 in 5 minutes
# for one account from one address (spp.core.accounts keys "key" by account and address), so
# that someone guessing a password from elsewhere never locks its owner out.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    # Sign-ups per address (a town hall's wifi may sign up a room at once), password-reset
    # emails per address and per account (each one sends an email). Refusals answer the French
    # 429 page with Retry-After (config/urls.py's handler429).
    "signup": os.environ.get("SPP_RATE_LIMIT_SIGNUP") or "30/h/ip",
    "reset_password": os.environ.get("SPP_RATE_LIMIT_PASSWORD_RESET") or "20/h/ip,3/h/key",
}

# Signing in through the State's identity federations (spp/core/identity/, docs/configuration.md):
# FranceConnect for citizens, ProConnect for agents. Each is on when its client id, secret and
# discovery address are all set (no button otherwise). A verified address from the provider that
# matches an account signs into that account and links it (never a second account); the id_token
# is kept in the session only, for the provider's logout.
SOCIALACCOUNT_ADAPTER = "spp.core.identity.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
_identity_apps = identity_provider_apps(os.environ)  # config/identity.py
SOCIALACCOUNT_PROVIDERS = {"public_oidc": {"APPS": _identity_apps}}

# The second factor (django-allauth's MFA, docs/permissions.md "Second factor"): an
# authenticator app (TOTP) with recovery codes; passkeys (WebAuthn) are not enabled. Staff
# (agents, coordinators, admins of any organisation; Django's staff and superusers) must have
# passed it in their session to open a back-office page (spp/core/second_factor.py) when
# SPP_STAFF_MFA_REQUIRED is on: on by default, off in the test profile (the feature's own tests
# switch it on). One time step either side of now is accepted (a phone's clock drifts); a code
# is refused once used.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("SPP_TOTP_ISSUER") or "SPP"
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "spp.core.mfa.SecretsEncryptedMFAAdapter"  # TOTP secrets encrypted at rest
SPP_STAFF_MFA_REQUIRED = env_bool("SPP_STAFF_MFA_REQUIRED", SPP_ENV != "test")
# Back-office pages whose path has no "gestion" segment (regular expressions on the path):
# where staff act on a roster, a claim, a peer request, an enrolment, an incident, or read an
# authority's figures. Every path with a "gestion" segment, and Django's admin, is back office
# already. A page shared with citizens (an enrolment, a peer request) asks only staff.
SPP_BACK_OFFICE_PATHS = (
    r"^/gardes/(besoins/\d+/alerte|affectations/\d+/presence|plannings)/",
    r"^/frais/(services/[^/]+/(a-valider|budget|politique|paiements)|paiements/\d+|"
    r"demandes/\d+/decision|organisations/[^/]+/recus-fiscaux)/",
    r"^/pairs/demandes/\d+/",
    r"^/(inscriptions|incidents)/\d+/",
    r"^/impact/(?!mon-engagement/)[^/]+/",
)

# Our own rate limits (spp/core/ratelimits.py): "<count>/<period>" per signed-in account, or
# per client address for anyone else; an empty value switches one off. Counted in the shared
# cache like allauth's (nothing is limited with SPP_DUMMY_CACHE=1).
SPP_RATE_LIMITS = {
    "reports": os.environ.get("SPP_RATE_LIMIT_REPORTS", "20/h"),  # web form, per person
    "open311": os.environ.get("SPP_RATE_LIMIT_OPEN311", "60/h"),  # Open311 POST, per address
    "answers": os.environ.get("SPP_RATE_LIMIT_ANSWERS", "30/h"),  # consultation answers
    "api": os.environ.get("SPP_RATE_LIMIT_API", "300/m"),  # every /api/v1/ request
}

# Retention: days each kind of personal data is kept before the daily purge removes or blanks
# it (spp/core/retention.py; docs/privacy.md is the register giving each period's reason).
# SPP_RETENTION_DAYS="notifications=180,ride_searches=30" overrides some; "kind=" keeps a kind.
SPP_RETENTION_DAYS = {
    "notifications": 365,  # after it was sent, read or not
    "sessions": 0,  # after the session expired (SESSION_COOKIE_AGE)
    "personal_data_exports": 0,  # after the ZIP expired (7 days after it was built)
    "invitations": 90,  # after it expired, was accepted or cancelled
    "idempotency_records": 7,  # after the API write: how long a client may retry
    "pending_reports": 2,  # after an unconfirmed visitor's report was sent (link: 24 h)
    "availability_exceptions": 365,  # after the exception ended
    "ride_searches": 90,  # after the search's time window ended (the person is unlinked)
}
for _item in env_list("SPP_RETENTION_DAYS"):
    _kind, _sep, _days = _item.partition("=")
    SPP_RETENTION_DAYS[_kind.strip()] = int(_days) if _days.strip() else None

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if os.environ.get("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID"),
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY"),
            "region_name": os.environ.get("S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
# Outside production WhiteNoise serves straight from the apps' static folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 15 * 1024 * 1024

# Email: EMAIL_URL is smtp://user:password@host:port (smtps:// for implicit TLS) or console://.
EMAIL_URL = os.environ.get("EMAIL_URL", "console://")
if EMAIL_URL.startswith("console:"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif EMAIL_URL.startswith("locmem:"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
else:
    from urllib.parse import unquote, urlparse

    _email = urlparse(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or (465 if _email.scheme == "smtps" else 587)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
    EMAIL_USE_TLS = _email.scheme == "smtp" and EMAIL_PORT == 587
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SPP <ne-pas-repondre@spp.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: Django's Tasks API. The database backend by default; RQ when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
TASKS_IMMEDIATE = env_bool("TASKS_IMMEDIATE", SPP_ENV == "test")
if TASKS_IMMEDIATE:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif REDIS_URL:
    # RQ workers (`manage.py rqworker default`, see docs/deployment.md) run the tasks; a job
    # whose worker dies is retried; if Redis is unreachable at enqueue time the task is queued
    # in the database instead (the "fallback" backend, drained by `manage.py db_worker`).
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {
        "default": {
            "URL": REDIS_URL,
            "DEFAULT_TIMEOUT": int(os.environ.get("RQ_JOB_TIMEOUT", "600")),
        }
    }
    RQ = {"QUEUE_CLASS": "spp.ops.queueing.RetryingQueue", "JOB_CLASS": "django_tasks_rq.Job"}
    RQ_RETRIES = int(os.environ.get("RQ_RETRIES", "3"))
    TASKS = {
        "default": {"BACKEND": "spp.ops.queueing.RQWithDatabaseFallback", "QUEUES": ["default"]},
        "fallback": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    }
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# One cache shared by every process (DESIGN.md, "Fast without tricks"): Redis when REDIS_URL is
# set, else Django's database cache in production (`manage.py createcachetable`), so that no
# process ever serves what another has changed; one process (the demo, the tests) keeps it in
# memory. Nothing depends on it for correctness: SPP_DUMMY_CACHE=1 turns it off, and
# `make test` runs the whole suite that way too.
if env_bool("SPP_DUMMY_CACHE", False):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif REDIS_URL:
    # Redis errors count as misses (spp/ops/cache.py): the cache only ever saves work.
    CACHES = {
        "default": {
            "BACKEND": "spp.ops.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
elif PRODUCTION:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": "spp_cache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous visitors share public pages rendered at most this many seconds ago
# (spp/core/page_cache.py); 0 renders every page for every visitor, as in the tests.
SPP_PUBLIC_PAGE_CACHE_SECONDS = int(
    os.environ.get("SPP_PUBLIC_PAGE_CACHE_SECONDS", "0" if SPP_ENV == "test" else "60")
)

# Impact: a count of people below this is published as "fewer than N", and the totals of a
# group that small are not published (spp/impact/disclosure.py, docs/impact.md).
SPP_IMPACT_SMALL_COUNT_THRESHOLD = int(os.environ.get("SPP_IMPACT_SMALL_COUNT_THRESHOLD", "5"))

# Rosters: who is qualified and available is counted ahead for the coverage day view
# (`manage.py rosters_count_availability`, every few minutes) for this many days from today; a
# count older than ROSTERS_AVAILABILITY_MAX_AGE seconds is ignored and the page counts itself.
ROSTERS_AVAILABILITY_DAYS = int(os.environ.get("ROSTERS_AVAILABILITY_DAYS", "31"))
ROSTERS_AVAILABILITY_MAX_AGE = int(os.environ.get("ROSTERS_AVAILABILITY_MAX_AGE", "1800"))

# Carpool: the national carpool proof registry's operator API (v3.2 base URL, e.g.
# https://api.covoiturage.beta.gouv.fr/v3.2) and the operator's application token. Empty URL
# (the default): nothing is sent, journey proofs stay pending (`manage.py carpool_registry_send`).
CARPOOL_REGISTRY_URL = os.environ.get("CARPOOL_REGISTRY_URL", "")
CARPOOL_REGISTRY_TOKEN = os.environ.get("CARPOOL_REGISTRY_TOKEN", "")

# SMS, one gateway for every app (spp/core/sms.py): a dotted path to a class with
# send(phone, text); ROSTERS_SMS_BACKEND is its former name, still read. Incoming messages are
# posted by the gateway to the apps' webhooks with SMS_INBOUND_TOKEN in a header (no token:
# every incoming message is refused).
SMS_BACKEND = (os.environ.get("SMS_BACKEND") or os.environ.get("ROSTERS_SMS_BACKEND")
               or "spp.core.sms.ConsoleSmsBackend")
SMS_INBOUND_TOKEN = os.environ.get("SMS_INBOUND_TOKEN", "")

# Maps: any XYZ tile server; the default is OpenStreetMap's, IGN's Géoplateforme is documented.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "© les contributeurs d’OpenStreetMap")
# Address search on the report form (spp/reports/geocoding.py): the Géoplateforme's geocoding
# service, e.g. https://data.geopf.fr/geocodage/search. Empty (the default): no search field.
REPORTS_GEOCODER_URL = os.environ.get("REPORTS_GEOCODER_URL", "")
REPORTS_GEOCODER_TIMEOUT = float(os.environ.get("REPORTS_GEOCODER_TIMEOUT", "3"))
REPORTS_GEOCODER_LIMIT = int(os.environ.get("REPORTS_GEOCODER_LIMIT", "5"))

# Health data (the peers app) may be enabled only on a host certified for it (HDS): on in
# dev and test; in production the app is left out unless the setting says the host is
# certified (docs/peers.md). Its requests' personal fields are encrypted with
# SPP_FIELD_ENCRYPTION_KEYS (Fernet keys, comma-separated: the first encrypts, all decrypt).
SPP_HEALTH_DATA_HOST_CERTIFIED = env_bool("SPP_HEALTH_DATA_HOST_CERTIFIED", not PRODUCTION)
if PRODUCTION and not SPP_HEALTH_DATA_HOST_CERTIFIED:
    INSTALLED_APPS.remove("spp.peers")
SPP_FIELD_ENCRYPTION_KEYS = env_list("SPP_FIELD_ENCRYPTION_KEYS")

# The platform operator named on the legal pages.
SPP_PUBLISHER_NAME = os.environ.get("SPP_PUBLISHER_NAME", "Commune de Voiron (démonstration)")
SPP_PUBLISHER_ADDRESS = os.environ.get("SPP_PUBLISHER_ADDRESS", "Place Stalingrad, 38500 Voiron")
SPP_PUBLISHER_EMAIL = os.environ.get("SPP_PUBLISHER_EMAIL", "contact@spp.localhost")
SPP_HOSTING_PROVIDER = os.environ.get("SPP_HOSTING_PROVIDER", "Auto-hébergé (démonstration)")

# Django's own defaults made explicit, then hardened for production.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Django's cached database sessions (read from the cache, kept in the database), each row
# knowing whose it is, so erasing a person ends them (spp/core/sessions.py).
SESSION_ENGINE = "spp.core.sessions"
# The browser features our pages may use (spp/core/middleware.py sends the header on every
# response, static files included): geolocation, for the report form's "locate me" button
# (spp/reports/static/reports/reports.js) and a carpool journey's confirmation at the stop
# (spp/carpool/static/carpool/carpool.js), on our own origin only; nothing else. Photos are
# chosen through a plain file input, which the camera feature does not govern (it governs
# getUserMedia, which no page calls), so the camera stays off with the rest.
# Only features every current browser recognises are named (an unknown one is a console error).
PERMISSIONS_POLICY = (
    "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), display-capture=()"
)
# Content-Security-Policy: config/csp.py says what it allows and why.
CONTENT_SECURITY_POLICY = content_security_policy(
    map_tile_url=MAP_TILE_URL,
    form_action_urls=[app["settings"]["server_url"] for app in _identity_apps],
)
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
SPP_BRAND_ORGANISATION = os.environ.get("SPP_BRAND_ORGANISATION", "")

# Benchmark mode (bench/run.py only, never in production): the /bench/floor view and an
# X-SQL-Queries response header counting each request's SQL statements.
SPP_BENCH = env_bool("SPP_BENCH", False)
if SPP_BENCH:
    MIDDLEWARE.insert(0, "spp.ops.middleware.QueryCountMiddleware")
