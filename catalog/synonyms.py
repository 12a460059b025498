"""The catalog's search dictionary: the `SearchSynonym` snippets as the plain
`search.synonyms.Synonyms` every query carries.

Read per query through a version stamp (one aggregate of a tiny table): a
save or a delete in any process changes the stamp, so the next query of every
process uses the new dictionary, with no index rebuild.
"""

import re
import threading

from django.db.models import Count, Max

from search.synonyms import Synonyms

_SEPARATORS = re.compile(r"[\n,;]+")
_lock = threading.Lock()
_cached: tuple[tuple, Synonyms] | None = None


def split_phrases(text: str) -> list[str]:
    """The alternatives an editor wrote: one a line, or separated by commas."""
    return [phrase.strip() for phrase in _SEPARATORS.split(text or "") if phrase.strip()]


def current_synonyms() -> Synonyms:
    """The dictionary as it is now, parsed once per change."""
    global _cached
    from .models import SearchSynonym

    entries = SearchSynonym.objects.order_by()
    stamp = tuple(entries.aggregate(changed=Max("updated_at"), count=Count("pk")).values())
    with _lock:
        if _cached is None or _cached[0] != stamp:
            phrases = entries.order_by("pk").values_list("phrases", flat=True)
            _cached = (stamp, Synonyms.from_phrases(split_phrases(text) for text in phrases))
        return _cached[1]
