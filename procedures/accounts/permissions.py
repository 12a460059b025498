"""Facts about the account itself that every other permission layer builds on."""

from allauth.account.models import EmailAddress


def has_verified_email(user) -> bool:
    """The account proved it owns its address (read once per request object)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_rekomstat_verified", None)
    if cached is None:
        cached = EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
        user._rekomstat_verified = cached
    return cached
