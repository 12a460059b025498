"""Wagtail's user and group admin (/cms/users/, /cms/groups/) with officer roles shown
by their Indonesian names, as the Django admin does (see admin.py). The groups keep
their codes as names; only what people read changes, and the forms still post group
pks. Installed by `cms_users_apps.RoleLabelledUsersConfig`, which takes the place of
"wagtail.users" in INSTALLED_APPS (Wagtail's documented way to customise user views);
the bulk "assign role" action is swapped in by wagtail_hooks.py."""

from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_filters.fields import ModelMultipleChoiceField as FilterModelMultipleChoiceField
from wagtail.admin.ui.tables import TitleColumn
from wagtail.users.forms import GroupForm, UserCreationForm, UserEditForm
from wagtail.users.views import groups, users
from wagtail.users.views.bulk_actions.assign_role import AssignRoleBulkAction, RoleForm

from .forms import GroupByRoleLabelField, GroupsByRoleLabelField, LabelsGroupsByRole
from .roles import Role, role_label

# Users


class RoleLabelledUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        field_classes = {"groups": GroupsByRoleLabelField}


class RoleLabelledUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        field_classes = {"groups": GroupsByRoleLabelField}


class GroupFilterField(LabelsGroupsByRole, FilterModelMultipleChoiceField):
    pass


class RoleLabelledUserFilterSet(users.UserFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail builds this filter per request in its __init__; its form field is
        # made later, on first use, from `field_class` (the active-filter chip reads
        # the same field's labels).
        self.filters["group"].field_class = GroupFilterField


class RoleLabelledUserViewSet(users.UserViewSet):
    filterset_class = RoleLabelledUserFilterSet

    def get_form_class(self, for_update=False):
        return RoleLabelledUserEditForm if for_update else RoleLabelledUserCreationForm


class RoleLabelledRoleForm(RoleForm):
    role = GroupByRoleLabelField(queryset=Group.objects.all())


class RoleLabelledAssignRoleBulkAction(AssignRoleBulkAction):
    form_class = RoleLabelledRoleForm

    def get_success_message(self, num_parent_objects, num_child_objects):
        # Wagtail's own message (and its translation), with the role's name.
        return ngettext(
            "%(num_parent_objects)d user has been assigned as %(role)s",
            "%(num_parent_objects)d users have been assigned as %(role)s",
            num_parent_objects,
        ) % {
            "num_parent_objects": num_parent_objects,
            "role": role_label(self.cleaned_form.cleaned_data["role"].name),
        }


# Groups


class RoleGroupForm(GroupForm):
    """A role group's name shows as its role and cannot be changed: renaming the
    group would silently take the role from everyone in it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_role_group:
            name = self.fields["name"]
            name.disabled = True
            name.help_text = _(
                "Grup peran: namanya tetap, karena mengganti nama akan mencabut peran "
                "dari semua anggotanya."
            )
            self.initial["name"] = role_label(self.instance.name)

    @property
    def is_role_group(self) -> bool:
        return self.instance.pk is not None and self.instance.name in Role.values

    def clean_name(self):
        if self.is_role_group:
            return self.instance.name
        return super().clean_name()


class GroupIndexView(groups.IndexView):
    columns = [
        TitleColumn(
            "name",
            accessor=lambda group: role_label(group.name),
            label=groups.IndexView.columns[0].label,
            sort_key="name",
            url_name="wagtailusers_groups:edit",
        ),
    ]


class NamesGroupByRole:
    """For a view of one group: its title and messages name the role."""

    def get_page_subtitle(self):
        return role_label(self.object.name)

    def get_success_message(self):
        return self.success_message % {"object": role_label(self.object.name)}


class GroupEditView(NamesGroupByRole, groups.EditView):
    pass


class GroupDeleteView(NamesGroupByRole, groups.DeleteView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"group_label": role_label(self.object.name)}


class RoleLabelledGroupViewSet(groups.GroupViewSet):
    index_view_class = GroupIndexView
    edit_view_class = GroupEditView
    delete_view_class = GroupDeleteView
    delete_template_name = "organisations/cms_group_confirm_delete.html"

    def get_form_class(self, for_update=False):
        return RoleGroupForm
