"""The catalog's search dictionary: the `SearchSynonym` snippets as the plain
`search.synonyms.Synonyms` every query carries.

Each process keeps the parsed dictionary with the version token it was read
under; the token lives in the shared cache (the file cache every worker of a
host reads) and a save or delete of an entry (signals, so a bulk delete of
the admin counts too) replaces it, at once and again
after the commit. A query costs one cache read and no database query; the next
query of every process after an edit reads the new dictionary, with no index
rebuild.
"""

import re
import threading

from search.synonyms import Synonyms

from .versions import SharedVersion

DICTIONARY_VERSION = SharedVersion("catalog:search-synonyms:version")
_SEPARATORS = re.compile(r"[\n,;]+")
_lock = threading.Lock()
_loaded: tuple[tuple[str, float], Synonyms] | None = None


def split_phrases(text: str) -> list[str]:
    """The alternatives an editor wrote: one a line, or separated by commas."""
    return [phrase.strip() for phrase in _SEPARATORS.split(text or "") if phrase.strip()]


def dictionary_changed(**_signal) -> None:
    """Called when an entry is saved or deleted: every process reloads at its
    next query."""
    DICTIONARY_VERSION.renew()


def current_synonyms() -> Synonyms:
    """The dictionary as it is now, read from the database once per version."""
    global _loaded
    from .models import SearchSynonym

    version = DICTIONARY_VERSION.current()
    with _lock:
        if _loaded is None or _loaded[0] != version:
            phrases = SearchSynonym.objects.order_by("pk").values_list("phrases", flat=True)
            _loaded = (version, Synonyms.from_phrases(split_phrases(text) for text in phrases))
        return _loaded[1]
