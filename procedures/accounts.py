"""django-allauth hooks: who may register."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
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
