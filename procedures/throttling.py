"""Who is asking, and how often: the client address every rate limit keys on, and
a per-address counter over a window.

Behind nginx the connecting address (REMOTE_ADDR) is nginx's own, so keying on it
puts every visitor in one bucket. The client's address comes from X-Forwarded-For,
which anyone can write: only the hops appended by proxies listed in
REKOMSTAT_TRUSTED_PROXIES are believed, and the client is the right-most address
that is not one of them.

It sits at the bottom of the procedure's layers so that any app's public page (the
complaint form, the complaint tracking page) can limit by the same key as the
log-in throttle of `portal.throttling`.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _trusted_networks(
    proxies: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text: str | None) -> IPAddress | None:
    text = (text or "").strip().strip("[]")
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_ip(request) -> str:
    """The address every limiter (sign-up, log-in, password reset, complaints) keys on."""
    peer = _address(request.META.get("REMOTE_ADDR"))
    if peer is None:
        return request.META.get("REMOTE_ADDR") or "unknown"
    trusted = _trusted_networks(tuple(settings.REKOMSTAT_TRUSTED_PROXIES))

    def is_trusted(address: IPAddress) -> bool:
        return any(address in network for network in trusted)

    client = peer
    if is_trusted(peer):
        # Walk back from the hop nearest to us; stop at the first address no trusted
        # proxy vouches for. Unparsable text stops the walk at the last good hop.
        for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            address = _address(hop)
            if address is None:
                break
            client = address
            if not is_trusted(address):
                break
    return str(client)


def over_limit(*, scope: str, client_key: str, limit: int, window_seconds: int) -> bool:
    """Count one more attempt of `client_key` at `scope`; true once the attempts
    within the window (which starts at the first one) exceed `limit`."""
    key = f"{scope}-rate:{client_key}"
    cache.add(key, 0, timeout=window_seconds)
    return cache.incr(key) > limit
