"""Who is asking: the client address every rate limit keys on, and the log-in throttle.

Behind nginx the connecting address (REMOTE_ADDR) is nginx's own, so keying on it
puts every visitor in one bucket. The client's address comes from X-Forwarded-For,
which anyone can write: only the hops appended by proxies listed in
REKOMSTAT_TRUSTED_PROXIES are believed, and the client is the right-most address
that is not one of them.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from procedures.accounts.adapter import AccountAdapter as ProcedureAccountAdapter

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


class AccountAdapter(ProcedureAccountAdapter):
    """allauth's rate limits (ACCOUNT_RATE_LIMITS) key on `client_ip`, and failed
    log-ins count per (address, account) and per address: a stranger's wrong
    passwords throttle the stranger, never lock the owner out."""

    def get_client_ip(self, request) -> str:
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth's per-"key" login_failed limit keys on the account alone (a hard
        # lock anyone can trigger); adding the address makes it per (address, account).
        # It is also the key a password reset clears, from the owner's address.
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{get_current_site(request).domain}:{client_ip(request)}:{login}"
