"""Wagtail's users app with the role-labelled user and group views of cms_users.py.
Listed in INSTALLED_APPS in place of "wagtail.users"; it is that app (same name and
label), only its two viewsets differ. Kept apart from apps.py, which must hold one
AppConfig, and from cms_users.py, which imports models."""

from wagtail.users.apps import WagtailUsersAppConfig


class RoleLabelledUsersConfig(WagtailUsersAppConfig):
    user_viewset = "procedures.organisations.cms_users.RoleLabelledUserViewSet"
    group_viewset = "procedures.organisations.cms_users.RoleLabelledGroupViewSet"
