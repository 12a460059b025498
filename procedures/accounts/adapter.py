"""django-allauth hooks: who may register, and sign-up that does not tell
whether an address already has an account."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _


def allowed_email_domain(email: str) -> bool:
    """Government addresses only by default: the domain is, or ends in, one of
    ACCOUNT_ALLOWED_EMAIL_DOMAINS (`go.id` matches `banjarnegarakab.go.id`)."""
    allowed = settings.ACCOUNT_ALLOWED_EMAIL_DOMAINS
    if not allowed:
        return True
    domain = email.rpartition("@")[2].lower().rstrip(".")
    return any(domain == suffix or domain.endswith(f".{suffix}") for suffix in allowed)


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        email = super().clean_email(email)
        if not allowed_email_domain(email):
            raise forms.ValidationError(
                _(
                    "Gunakan alamat e-mail dinas instansi pemerintah (berakhiran %(domains)s). "
                    "Alamat pribadi tidak dapat didaftarkan."
                )
                % {"domains": ", ".join(settings.ACCOUNT_ALLOWED_EMAIL_DOMAINS)}
            )
        return email

    def pre_login(self, request, user, **kwargs):
        # Sign-up always creates the e-mail record allauth verifies. An account an
        # administrator made (Django admin, createsuperuser) has none: the
        # administrator vouched for the address, so it is recorded as verified
        # rather than leaving the officer stuck on "check your e-mail" forever.
        if user.pk and user.email and not EmailAddress.objects.filter(user=user).exists():
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return super().pre_login(request, user, **kwargs)

    def send_account_already_exists_mail(self, email: str) -> None:
        # A sign-up with an existing address gets the same answer as a new one
        # (ACCOUNT_PREVENT_ENUMERATION); a new one hashes its password, so hash
        # too, lest the response time tell the two apart.
        make_password(get_random_string(32))
        super().send_account_already_exists_mail(email)
