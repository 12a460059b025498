"""The log-in throttle: allauth's rate limits key on the real client address
(`procedures.throttling.client_ip`, which believes X-Forwarded-For only from the
proxies in REKOMSTAT_TRUSTED_PROXIES)."""

from django.contrib.sites.shortcuts import get_current_site

from procedures.accounts.adapter import AccountAdapter as ProcedureAccountAdapter
from procedures.throttling import client_ip

__all__ = ["AccountAdapter", "client_ip"]


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
