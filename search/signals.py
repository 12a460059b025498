"""What the search layer tells the apps above it, without importing them.

`index_changed` is sent after every write the engine confirmed (an applied
batch of index jobs, a rebuild's swap) and after a drain that left jobs
failing: whatever shows search results may be out of date from then on. The
catalog listens to it to renew the version of its cached pages.
"""

import logging

from django.dispatch import Signal

logger = logging.getLogger(__name__)

index_changed = Signal()


def announce_index_changed(sender) -> None:
    """Tell the listeners; one that fails is logged, never undoes the write
    (the index is right, only a listener's copy may be stale)."""
    for receiver, result in index_changed.send_robust(sender=sender):
        if isinstance(result, Exception):
            logger.error("a listener of index_changed failed: %r", receiver, exc_info=result)
