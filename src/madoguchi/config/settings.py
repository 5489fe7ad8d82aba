"""Django settings for Madoguchi: every value comes from the environment (see docs/configuration.md).

The defaults give a safe embedded installation: SQLite under ./var, loopback hosts only, DEBUG off.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    """Read a boolean; fail loudly on anything that is not clearly yes or no."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"環境変数 {name} の値 {raw!r} は真偽値ではありません（true/false）")


def envint(name: str, default: int) -> int:
    """Read an integer; fail loudly when it is not one."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"環境変数 {name} の値 {raw!r} は整数ではありません") from None


def envlist(name: str, default: str) -> list[str]:
    """Read a comma-separated list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def private_data_dir(var_dir: Path) -> None:
    """Create the data directory 0700 and tighten what an older version left readable to others.

    The database, its -wal/-shm files, uploads and keys hold personal data or secrets: the directory
    is the owner's alone and each file in it 0600. New files get 0600 from the umask that the
    `madoguchi` command and the WSGI entry point set; this repairs existing installations.
    """
    var_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    for path in (var_dir, *var_dir.iterdir()):
        if path.is_symlink() or path.stat().st_uid != os.getuid():
            continue  # someone else's file (a shared mount): not ours to change
        wanted = 0o700 if path.is_dir() else 0o600
        if path.stat().st_mode & 0o777 != wanted:
            path.chmod(wanted)


def _secret_key(var_dir: Path) -> str:
    """Use MADOGUCHI_SECRET_KEY, else a random key kept (0600) in the var directory."""
    key = os.environ.get("MADOGUCHI_SECRET_KEY", "")
    if key:
        return key
    path = var_dir / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


VAR_DIR = Path(os.environ.get("MADOGUCHI_VAR_DIR", "var")).resolve()
private_data_dir(VAR_DIR)
SECRET_KEY = _secret_key(VAR_DIR)
# Audit chain keys and anchors live outside the database and its backups (docs/audit.md).
# The key file is created (0600, in a 0700 directory) on the first audit entry when neither is set.
AUDIT_KEY = os.environ.get("MADOGUCHI_AUDIT_KEY", "")
AUDIT_KEY_FILE = Path(os.environ.get("MADOGUCHI_AUDIT_KEY_FILE") or VAR_DIR / "audit_key").resolve()
AUDIT_ANCHOR_FILE = Path(
    os.environ.get("MADOGUCHI_AUDIT_ANCHOR_FILE") or VAR_DIR / "audit-anchors.jsonl"
).resolve()
# Backups are encrypted with their own key, kept apart from the backups (docs/deployment.md).
BACKUP_KEY = os.environ.get("MADOGUCHI_BACKUP_KEY", "")
BACKUP_KEY_FILE = Path(os.environ.get("MADOGUCHI_BACKUP_KEY_FILE") or VAR_DIR / "backup_key").resolve()
# Retention periods in days per kind of record, "cases=1825,audit=3650" (docs/retention.md).
RETENTION_DAYS = os.environ.get("MADOGUCHI_RETENTION_DAYS", "")
DEBUG = envbool("MADOGUCHI_DEBUG", False)
ALLOWED_HOSTS = envlist("MADOGUCHI_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("MADOGUCHI_CSRF_TRUSTED_ORIGINS", "")
# Served over HTTPS (directly or behind a TLS-terminating proxy): turns on HSTS and secure cookies.
HTTPS = envbool("MADOGUCHI_HTTPS", False)

INSTALLED_APPS = [
    "madoguchi.accounts",
    "madoguchi.audit",
    "madoguchi.ops",
    "madoguchi.registry",
    "madoguchi.counter",
    "madoguchi.handbook",
    "madoguchi.insights",
    "madoguchi.okuyami",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
]

MIDDLEWARE = [
    "madoguchi.ops.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "madoguchi.accounts.middleware.SessionTimeoutMiddleware",
    "madoguchi.accounts.middleware.PasswordChangeRequiredMiddleware",
    "madoguchi.audit.middleware.PrivacyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "madoguchi.config.urls"
WSGI_APPLICATION = "madoguchi.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "madoguchi.accounts.context_processors.staff",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'madoguchi.sqlite3'}",
        conn_max_age=envint("MADOGUCHI_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; IMMEDIATE serialises writers up front.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    # A file (not shared memory) so that tests with threads see real SQLite locking.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.Staff"
AUTHENTICATION_BACKENDS = ["madoguchi.accounts.backends.StaffBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions: 30 minutes idle (cookie and server side), 12 hours absolute (SessionTimeoutMiddleware).
SESSION_IDLE_SECONDS = envint("MADOGUCHI_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = envint("MADOGUCHI_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = False  # SessionTimeoutMiddleware refreshes the idle clock once a minute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "madoguchi_session"
CSRF_COOKIE_HTTPONLY = True

# Login throttling: after LOGIN_MAX_FAILURES failures within the window, refuse for LOGIN_LOCK_SECONDS.
LOGIN_MAX_FAILURES = envint("MADOGUCHI_LOGIN_MAX_FAILURES", 10)
LOGIN_FAILURE_WINDOW_SECONDS = envint("MADOGUCHI_LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)
LOGIN_LOCK_SECONDS = envint("MADOGUCHI_LOGIN_LOCK_SECONDS", 15 * 60)
# Number of reverse proxies in front of the app whose X-Forwarded-For we trust for the client address.
TRUSTED_PROXY_COUNT = envint("MADOGUCHI_TRUSTED_PROXY_COUNT", 0)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and envbool("MADOGUCHI_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = envint("MADOGUCHI_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and envbool("MADOGUCHI_HSTS_PRELOAD", True)
# Monitors may ask the app itself over plain HTTP on the loopback (docs/deployment.md).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if envbool("MADOGUCHI_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "ja"
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("MADOGUCHI_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Tests and DEBUG serve static files straight from the apps, with no collectstatic step.
WHITENOISE_USE_FINDERS = envbool("MADOGUCHI_STATIC_FINDERS", DEBUG)

# Fonts used for printing (Debian packages fonts-ipaexfont and fonts-ipamj-mincho).
FONT_MINCHO = os.environ.get("MADOGUCHI_FONT_MINCHO", "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")
FONT_GOTHIC = os.environ.get("MADOGUCHI_FONT_GOTHIC", "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
FONT_FALLBACK = os.environ.get("MADOGUCHI_FONT_FALLBACK", "/usr/share/fonts/truetype/ipamj/ipamjm.ttf")


def _default_pack_dir() -> str:
    """Return the repository's sample pack, found beside the package or under the working directory."""
    for base in (PACKAGE_DIR.parent.parent, Path.cwd()):
        candidate = base / "packs" / "sample-city"
        if candidate.is_dir():
            return str(candidate)
    return str(PACKAGE_DIR.parent.parent / "packs" / "sample-city")


# The procedure pack (events, procedures, forms) the counter uses.
MADOGUCHI_PACK_DIR = os.environ.get("MADOGUCHI_PACK_DIR") or _default_pack_dir()

# Application logs never carry personal data: only ids, actions and timings; one JSON line per event.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "madoguchi.ops.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "madoguchi.ops.logs.JsonLineFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("MADOGUCHI_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "pikepdf": {"level": "WARNING"},
        # The request lines go to the same console; set MADOGUCHI_REQUEST_LOG_LEVEL=WARNING to drop them.
        "madoguchi.request": {"level": os.environ.get("MADOGUCHI_REQUEST_LOG_LEVEL", "INFO")},
    },
}
