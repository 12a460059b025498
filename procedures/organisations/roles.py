"""Officer roles are Django groups named by these codes; the office an officer
acts for comes from `OfficerProfile`, the region a walidata checks from
`WalidataProfile`. A user may hold several roles (an examiner who also signs)."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The value is the group's name, the stable identifier; the label is what
    people read (the admin shows labels, never the codes)."""

    EXAMINER = "examiner", _("Pemeriksa")
    SIGNATORY = "signatory", _("Penandatangan")
    WALIDATA = "walidata", _("Walidata")
    OFFICE_ADMIN = "office_admin", _("Admin kantor")


def role_label(group_name: str) -> str:
    """A group's name as people read it: the role's label for a role group, the
    name itself for any other group (Wagtail's editors, say)."""
    return str(Role(group_name).label) if group_name in Role.values else group_name


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
