"""Officer roles are Django groups named by these codes; the office an officer
acts for comes from `OfficerProfile`, the region a walidata checks from
`WalidataProfile`. A user may hold several roles (an examiner who also signs)."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EXAMINER = "examiner", _("Pemeriksa (petugas layanan)")
    SIGNATORY = "signatory", _("Penanda tangan (kepala/koordinator fungsi)")
    WALIDATA = "walidata", _("Walidata")
    OFFICE_ADMIN = "office_admin", _("Admin kantor")


def roles_of(user) -> set[str]:
    """The user's role codes, read once per request object."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_rekomstat_roles", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
        user._rekomstat_roles = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in roles_of(user)


def grant_role(user, role: str) -> None:
    group, _created = Group.objects.get_or_create(name=Role(role).value)
    user.groups.add(group)
    user.__dict__.pop("_rekomstat_roles", None)
