"""Settings shared by every environment.

Every runtime file (database, search index, uploads, letters, outgoing mail)
lives under one data directory so an office can back up a single folder.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_HASHES

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DIR = BASE_DIR / "site"
DATA_DIR = Path(os.environ.get("REKOMSTAT_DATA_DIR", BASE_DIR / "var")).resolve()
# A fresh clone has no var/ yet; SQLite cannot create its file in a missing folder.
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS: list[str] = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "portal",
    "procedures.accounts",
    "procedures.organisations",
    "procedures.notifications",
    "procedures.applications",
    "procedures.letters",
    "procedures.surveys",
    "procedures.complaints",
    "procedures.examination",
    "procedures.performance",
    "catalog",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    # wagtail.users, with officer roles shown by their Indonesian names.
    "procedures.organisations.cms_users_apps.RoleLabelledUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "django_tasks",
    "csp",
    "allauth",
    "allauth.account",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: refuses an oversized body before any other middleware could read it.
    "portal.request_limits.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site_navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock instead of failing when a reader upgrades mid-transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Django's rules, with help text in the site's wording ("Kata sandi Anda").
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "procedures.accounts.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "procedures.accounts.password_validation.MinimumLengthValidator"},
    {"NAME": "procedures.accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "procedures.accounts.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "applications:my_applications"
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): e-mail is the login; an account logs in once its
# address is verified. Only government addresses may register unless a deployment
# says otherwise. The adapter: procedures' rules (who may register) plus the client
# address and the log-in throttle.
ACCOUNT_ADAPTER = "portal.throttling.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "procedures.accounts.forms.SignupProfileForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# Mandatory: with "optional", allauth lets uniqueness win over enumeration prevention
# and sign-up answers "already registered". Now a sign-up with a known address looks
# exactly like a new one (both: "check your e-mail"), and the owner is told by e-mail.
# An unverified account cannot log in; logging in sends the link again.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Rekomstat] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_ALLOWED_EMAIL_DOMAINS = [
    domain.strip().lower()
    for domain in os.environ.get("REKOMSTAT_ALLOWED_EMAIL_DOMAINS", "go.id").split(",")
    if domain.strip()
]
# "ip" is procedures.throttling.client_ip (the real client behind trusted proxies). The
# login_failed "key" is (address, account), not the account alone: no hard account lock.
ACCOUNT_RATE_LIMITS = {
    "signup": os.environ.get("REKOMSTAT_SIGNUP_RATE_LIMIT", "5/h/ip"),
    "login": "30/m/ip",
    "login_failed": "10/m/ip,60/h/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    "change_email": "1/m/user",
}


def parse_trusted_proxies(value: str) -> list[str]:
    """REKOMSTAT_TRUSTED_PROXIES: comma-separated addresses or networks of the
    reverse proxies whose X-Forwarded-For is believed (e.g. `127.0.0.1`)."""
    proxies = [item.strip() for item in value.split(",") if item.strip()]
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise ValueError(
                f"REKOMSTAT_TRUSTED_PROXIES: {proxy!r} is not an IP address or network "
                "(e.g. 127.0.0.1 or 10.0.0.0/8)"
            ) from None
    return proxies


# Empty: X-Forwarded-For is ignored and the connecting address is the client.
REKOMSTAT_TRUSTED_PROXIES = parse_trusted_proxies(os.environ.get("REKOMSTAT_TRUSTED_PROXIES", ""))

# Content-Security-Policy (django-csp): the site's pages load only their own
# stylesheet, images and script files (site/static/js) and post only to themselves.
# Exempt: Wagtail's admin (/cms/, also page previews), whose templates write inline
# <script> for panels and date widgets, and the API explorer (/api/v1/docs), which
# loads Swagger UI from a CDN and starts it with an inline script. A policy allowing
# them would need 'unsafe-inline' and protect nothing; both are for staff and
# developers and show no visitor-written content.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/cms/", "/api/v1/docs"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # One style attribute, allowed by its exact text and nothing else:
        # `display: none` (allauth's pending e-mail change form).
        "style-src-attr": [
            UNSAFE_HASHES,
            "'sha256-ZdHxw9eWtnxUb3mk6tBS+gIiVUPE3pGM470keHPDFlE='",
        ],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# Indonesian first; English through Django i18n. The language cookie is read by the
# server only, and stays on this site (production also makes it HTTPS-only).
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]
TIME_ZONE = "Asia/Jakarta"
# Dates as people write them: "4 Januari 2027", "4 Januari 2027 13.05" (portal/formats/).
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [SITE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache",
    },
    # Catalog pages and API answers for visitors without a session
    # (catalog.page_cache). A folder of its own: a flood of distinct searches
    # culls old pages here, never the rate-limit counters above.
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache" / "pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
# How long a cached catalog page lives at most (a change renews them all at
# once, see catalog.page_cache); 0 turns the page cache off.
CATALOG_PAGE_CACHE_SECONDS = int(os.environ.get("CATALOG_PAGE_CACHE_SECONDS", "600"))

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Outgoing mail: an SMTP URL when given, else files under var/mail/ plus the console.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Rekomstat <noreply@bps.go.id>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "portal.mail.FileAndConsoleEmailBackend"
EMAIL_FILE_PATH = DATA_DIR / "mail"

WAGTAIL_SITE_NAME = "Rekomstat"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods"]
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100

# Search: the embedded tantivy index (a folder) by default; an Elasticsearch or
# OpenSearch cluster at scale. SEARCH_URL may list several nodes, comma-separated
# (ELASTICSEARCH_URL / OPENSEARCH_URL are read when SEARCH_URL is not set).
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "embedded")
CLUSTER_BACKENDS = {
    "elasticsearch": ("search.backends.elasticsearch.ElasticsearchIndex", "ELASTICSEARCH_URL"),
    "opensearch": ("search.backends.elasticsearch.OpenSearchIndex", "OPENSEARCH_URL"),
}
if SEARCH_BACKEND in CLUSTER_BACKENDS:
    backend_class, url_variable = CLUSTER_BACKENDS[SEARCH_BACKEND]
    SEARCH_BACKENDS = {
        "default": {
            "BACKEND": backend_class,
            "OPTIONS": {
                "url": os.environ.get("SEARCH_URL")
                or os.environ.get(url_variable, "http://127.0.0.1:9200"),
                # Each environment its own indices (rekomstat-activities, test-…).
                "index_prefix": os.environ.get("SEARCH_INDEX_PREFIX", "rekomstat"),
                # Copies of each shard on other nodes (a 3-node cluster: 1).
                "replicas": int(os.environ["SEARCH_REPLICAS"])
                if os.environ.get("SEARCH_REPLICAS")
                else None,
            },
        }
    }
else:
    SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.embedded.EmbeddedIndex",
            "OPTIONS": {"path": DATA_DIR / "search" / "activities"},
        }
    }

# Complaint form: submissions allowed per client address per hour.
COMPLAINT_RATE_LIMIT_PER_HOUR = int(os.environ.get("COMPLAINT_RATE_LIMIT_PER_HOUR", "5"))
# Complaint tracking page (/pengaduan/lacak/): lookups allowed per client address per hour.
COMPLAINT_TRACKING_RATE_LIMIT_PER_HOUR = int(
    os.environ.get("COMPLAINT_TRACKING_RATE_LIMIT_PER_HOUR", "20")
)

# Letter verification page (/verifikasi/): lookups by number and PDF uploads allowed
# per client address per hour, and the largest PDF accepted for comparison (issued
# letters are well under 1 MB).
LETTER_VERIFICATION_RATE_LIMIT_PER_HOUR = int(
    os.environ.get("LETTER_VERIFICATION_RATE_LIMIT_PER_HOUR", "30")
)
LETTER_VERIFICATION_MAX_BYTES = int(
    os.environ.get("LETTER_VERIFICATION_MAX_BYTES", 5 * 1024 * 1024)
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    # Every task and page event is logged at INFO; keep the console readable.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # The engine clients log every request at INFO.
        "opensearch": {"level": "WARNING"},
        "elasticsearch": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
    },
}

# Applicants' attachments: outside MEDIA_ROOT, served only by a permission-checked view.
PRIVATE_STORAGE_ROOT = DATA_DIR / "private"

# Largest request body accepted, checked on Content-Length before the body is read
# (attachments are at most 10 MB; the rest is room for the form). Keep nginx's
# client_max_body_size at least this large (docs/operations.md, "Uploaded files").
REKOMSTAT_MAX_REQUEST_BYTES = int(os.environ.get("REKOMSTAT_MAX_REQUEST_BYTES", 12 * 1024 * 1024))
