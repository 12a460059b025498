"""A version token in the shared cache: how every process (gunicorn workers, the
task worker, other hosts on the same data dir) learns that something it keeps
a copy of has changed, at the cost of one cache read."""

import time
import uuid

from django.core.cache import cache
from django.db import transaction


class SharedVersion:
    """A token under `key` in the default cache, with the time it was made."""

    def __init__(self, key: str):
        self.key = key

    @staticmethod
    def _made() -> tuple[str, float]:
        return uuid.uuid4().hex, time.time()

    def _set(self) -> None:
        cache.set(self.key, self._made(), timeout=None)

    def renew(self, **_signal) -> None:
        """A new token at once (this transaction's own reads) and again after
        the commit, so no process keeps what it read before the commit. Takes
        and ignores a signal's arguments, so it can be a receiver."""
        self._set()
        transaction.on_commit(self._set)

    def current(self) -> tuple[str, float]:
        """(token, when it was made). A cleared or restarted cache starts one."""
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, self._made(), timeout=None)
            version = cache.get(self.key) or self._made()
        return version
