import tempfile

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
PRIVATE_STORAGE_ROOT = Path(tempfile.mkdtemp(prefix="rekomstat-test-private-"))

# The suite's search index lives in a folder of its own, never the developer's var/.
if SEARCH_BACKEND == "embedded":
    SEARCH_BACKENDS["default"]["OPTIONS"]["path"] = (
        Path(tempfile.mkdtemp(prefix="rekomstat-test-search-")) / "activities"
    )
else:
    SEARCH_BACKENDS["default"]["OPTIONS"]["index_prefix"] = "rekomstat-test"
