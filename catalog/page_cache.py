"""The catalog's pages and API answers, cached for visitors without a session.

A search page costs tens of milliseconds to render; a stored copy costs two
reads of the shared cache. What keeps a copy honest:

- **A version.** Every copy is stored under the catalog's version, a token in
  the shared cache (the file cache every worker and host reads). Whatever
  changes what a page shows renews it: the search layer's `index_changed`
  (a drained index job, a rebuild, jobs that keep failing), a publication or
  withdrawal once committed (`catalog.publishing`), an edit of the search
  dictionary, of an office, or of the CMS pages in the site's menu. The next
  request of every process reads the new token and renders anew: a change
  shows on the next page, not after a timeout.
- **A settle time.** A reader of the embedded index may see a write up to one
  second after the engine confirmed it; a copy rendered within that second of
  a change is kept for that second only, so a page a lagging reader rendered
  cannot outlive it.
- **A sound engine.** Each request still asks the engine's health (what the
  page asked before: for the embedded index a look at its file, for a cluster
  a count); while it reports a problem (a lost or corrupt index, an empty
  one, no answer), nothing is read from or stored in the cache and the page
  is rendered as without it, with its notice or its 503. Jobs that keep
  failing renew the version themselves.
- **Visitors without state only.** A request carrying a session cookie (every
  logged-in user has one), a messages cookie or an Authorization header is
  never answered from, nor stored in, the cache. A response is stored only
  when it is a 200 that set no cookie, left no message and no modified
  session, and was rendered for an anonymous user.
- **No one's CSRF token.** The token of the language switcher's form is cut
  out of a stored page and each answer gets the visitor's own
  (`django.middleware.csrf.get_token`), so the CSRF cookie and token are set
  per request, after the cache.
- **Keys vary on what the answer varies on:** scheme, host, path and the exact
  query string, and the active language (the language cookie). Nothing on
  these pages varies on other headers.

Settings: `CATALOG_PAGE_CACHE_SECONDS` (how long a copy lives at most; 0 turns
the cache off) and the `pages` alias of `CACHES` (its own folder: a flood of
distinct searches culls old pages there, never the rate-limit counters of the
default cache).
"""

import hashlib
import re
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.html import format_html

from search.backends import get_index

from .versions import SharedVersion

PAGE_CACHE = "pages"  # the CACHES alias that holds the copies
# In the default cache, beside the synonyms' version.
PAGES_VERSION = SharedVersion("catalog:pages:version")
# How late a reader of the index may see a confirmed write (the embedded
# engine's promise); a copy rendered sooner after a change lives this long.
INDEX_SETTLE_SECONDS = 1.0
# hit: answered from the cache; miss: rendered and stored; bypass: neither.
CACHE_HEADER = "X-Page-Cache"

_CSRF_INPUT = re.compile(rb'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')
# Autoescaping turns any "<" of a visitor's text into "&lt;": no text can forge it.
_CSRF_SLOT = b"<!--rekomstat:csrf-token-->"


def catalog_changed(**_signal) -> None:
    """Whatever the catalog's pages show has changed: every process renders
    anew from its next request. Renewed at once (a change outside a
    transaction, such as an index write, is already visible) and after the
    commit (a change inside one is visible only then)."""
    PAGES_VERSION.renew()


def _page_key(request, version: str) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"catalog-page:{version}:{translation.get_language()}:{digest}"


def _without_state(request) -> bool:
    """No session, no messages, no credentials: nothing personal to show."""
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _engine_sound() -> bool:
    """The engine answers, holds documents and reports no problem, so a stored
    page still says what a rendered one would."""
    engine = get_index().health()
    return engine.ok and not engine.problems and bool(engine.document_count)


def _may_store(request, response) -> bool:
    """Checked again after rendering, whatever the request looked like."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and len(messages))


def _is_html(content_type: str) -> bool:
    return content_type.startswith("text/html")


def _stored_copy(response) -> tuple[str, bytes]:
    content_type, body = response["Content-Type"], response.content
    if _is_html(content_type):
        body = _CSRF_INPUT.sub(_CSRF_SLOT, body)
    return content_type, body


def _from_copy(request, copy: tuple[str, bytes]) -> HttpResponse:
    content_type, body = copy
    if _is_html(content_type) and _CSRF_SLOT in body:
        token_input = format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        )
        body = body.replace(_CSRF_SLOT, token_input.encode())
    response = HttpResponse(body, content_type=content_type)
    response[CACHE_HEADER] = "hit"
    return response


def cached_for_visitors(view):
    """Answer `view` from the page cache for visitors without state (above)."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        seconds = settings.CATALOG_PAGE_CACHE_SECONDS
        if not seconds or not _without_state(request) or not _engine_sound():
            response = view(request, *args, **kwargs)
            response[CACHE_HEADER] = "bypass"
            return response
        version, changed_at = PAGES_VERSION.current()
        key = _page_key(request, version)
        pages = caches[PAGE_CACHE]
        copy = pages.get(key)
        if copy is not None:
            return _from_copy(request, copy)
        response = view(request, *args, **kwargs)
        if not _may_store(request, response):
            response[CACHE_HEADER] = "bypass"
            return response
        settled = time.time() - changed_at >= INDEX_SETTLE_SECONDS
        pages.set(key, _stored_copy(response), seconds if settled else INDEX_SETTLE_SECONDS)
        response[CACHE_HEADER] = "miss"
        return response

    return cached_view
