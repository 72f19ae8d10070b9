"""Settings for Engagement Panel.

One file for every environment: what differs between a laptop, CI and production is read
from environment variables, and every default is the safe one (DEBUG off).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap as xstatic_bootstrap
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


DEBUG = env_bool("DEBUG", False)

# Without DEBUG there is no default: the key stays empty, so tooling that needs no key
# (makemigrations, collectstatic) still runs, while anything that signs (sessions, CSRF,
# password reset links) refuses with "The SECRET_KEY setting must not be empty".
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks_db",
    "engagement",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "engagement.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "engagement.middleware.SessionLifetimeMiddleware",
    "engagement.middleware.MFARequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so it turns a refused sign-in into the "too many attempts" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "panel_site.urls"
WSGI_APPLICATION = "panel_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "engagement.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    # A page's queries join many tables, and PostgreSQL can spend longer planning them
    # than running them. Sent as prepared statements (after their fifth use on a
    # connection), they are planned once per connection. Turn off behind a pooler that
    # cannot keep them (PgBouncer in transaction mode before 1.21).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )

AUTHENTICATION_BACKENDS = [
    # Refuses sign-in for a username and address that failed too often (django-axes).
    "engagement.auth_backends.ThrottledSignInBackend",
    # Django's password sign-in, reading the signed-in person through the cache.
    "engagement.auth_backends.RememberingModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "engagement:role_home"
LOGOUT_REDIRECT_URL = "engagement:home"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic_bootstrap.BASE_DIR),
]
# Uploaded documents live outside the static tree and have no public URL: they are only
# ever sent by a view that checks the reader may see them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "uploads"))
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "panel@engagement-panel.invalid")
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        },
    }
}
if MAILERS["default"]["BACKEND"] != "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"].pop("OPTIONS")

# Background work (email, for now) goes through Django's tasks API. "immediate" runs each
# task in the request that queued it, once its transaction has committed: no extra process,
# fine for a demo or a small panel. "database" queues tasks in PostgreSQL for a worker
# process (`manage.py db_worker`) on any server, so a slow mail server never holds a page.
TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_task_backend = os.environ.get("TASKS_BACKEND", "immediate").strip() or "immediate"
if _task_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_task_backend]}}

# Operations and performance.
# The default cache is local memory: one per worker process. Key cached things on what
# changes (a revision, a timestamp) so a per-process copy is never stale. Anything that
# relies on deleting a key when data changes needs one cache shared by every worker and
# server: set CACHE_URL to redis://host:6379/0 (install the "redis" extra) or to
# db://table_name (then run `manage.py createcachetable` once).


def cache_from_url(url):
    scheme, _, rest = url.partition("://")
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "db":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": rest}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest}
    raise ImproperlyConfigured(
        f"CACHE_URL must start redis://, db://, locmem:// or dummy://: {url}"
    )


CACHE_URL = os.environ.get("CACHE_URL", "").strip()
CACHES = {
    "default": cache_from_url(CACHE_URL or "locmem://panel"),
    # Whole public pages for readers who are not signed in (engagement/page_cache.py).
    # They are keyed on the content revision, so a per-process copy is never stale.
    "pages": {
        **cache_from_url(CACHE_URL or "locmem://panel-pages"),
        "KEY_PREFIX": "pages",
        "OPTIONS": {} if CACHE_URL else {"MAX_ENTRIES": 200},
    },
}
# How long a cached public page is kept (0 turns the page cache off), and how often each
# worker reads the content revision: a change shows on public pages within that time.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
PAGE_CACHE_REVISION_SECONDS = float(os.environ.get("PAGE_CACHE_REVISION_SECONDS", "1"))
# Load balancers poll the health check over plain HTTP, inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Turns on /bench/trivial/, the baseline the benchmark compares every page with.
BENCH = env_bool("BENCH", False)

# Behind a TLS-terminating proxy in production.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
# The idle limit is renewed by engagement.middleware.SessionLifetimeMiddleware at most this
# often, rather than by a session write on every request.
SESSION_RENEW_SECONDS = 60
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Sent by engagement.middleware.PermissionsPolicyMiddleware: the panel needs no device APIs.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), interest-cohort=()"
)
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # Bootstrap's CSS draws form controls with data: SVGs.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Panel rules that are configuration rather than data.
INVITATION_MAX_AGE_DAYS = env_int("INVITATION_MAX_AGE_DAYS", 14)
RECOMMENDATION_RESPONSE_DAYS = env_int("RECOMMENDATION_RESPONSE_DAYS", 28)

# Security, privacy and sign-in ------------------------------------------------------------

# A session ends this long after sign-in however active it is (the idle limit is
# SESSION_COOKIE_AGE above).
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
# Two-factor sign-in for chief inspectors, the secretariat, the commissioner's office and
# administrators. Read on every request; only a local demo should ever turn it off.
MFA_ENFORCED = env_bool("MFA_ENFORCED", True)
OTP_TOTP_ISSUER = "Hertfordshire Engagement Panel"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
MFA_RECOVERY_CODE_COUNT = 10

# Sign-in throttling (django-axes): a username from one address is locked out for a while
# after repeated failures. Locking by the pair means a guesser elsewhere cannot lock a
# real person out, and the cool-off means nobody is locked out for good.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_COOL_OFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts made while locked out do not extend the lockout.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "engagement.views.account.signed_in_too_often"
# Behind the TLS proxy every request comes from the proxy's address: with PROXY_COUNT set,
# the client's address is read from X-Forwarded-For, counting that many proxies from the
# right, so a client cannot choose its own address.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "engagement.auth_backends.client_address"
AXES_USERNAME_CALLABLE = "engagement.auth_backends.attempted_username"
AXES_VERBOSE = False
# Each earlier failure for the same username and address makes the next try this much
# slower, up to SIGN_IN_DELAY_MAX_SECONDS.
SIGN_IN_DELAY_STEP_SECONDS = 0.25
SIGN_IN_DELAY_MAX_SECONDS = 1.0

# Accounts unused for this long are erased by `manage.py apply_retention`.
RETENTION_INACTIVE_DAYS = env_int("RETENTION_INACTIVE_DAYS", 3 * 365)
# Records of sign-ins (time, address, browser) are deleted by the same command after this.
RETENTION_SIGN_IN_LOG_DAYS = env_int("RETENTION_SIGN_IN_LOG_DAYS", 365)
