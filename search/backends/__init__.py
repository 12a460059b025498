"""Backends are chosen in settings, Django-cache style:

SEARCH_BACKENDS = {"default": {"BACKEND": "dotted.path.Class", "OPTIONS": {...}}}

The backend is built for the schema of the registered document source
(`search.sources`), so it knows what it indexes without importing any app.
"""

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from ..sources import get_document_source
from .base import Index, IndexCorrupt, SearchUnavailable


@cache
def get_index(alias: str = "default") -> Index:
    config = settings.SEARCH_BACKENDS[alias]
    backend_class = import_string(config["BACKEND"])
    return backend_class(schema=get_document_source().schema, **config.get("OPTIONS", {}))


@receiver(setting_changed)
def _forget_backends(*, setting, **kwargs):
    if setting == "SEARCH_BACKENDS":
        get_index.cache_clear()


__all__ = ["Index", "IndexCorrupt", "SearchUnavailable", "get_index"]
