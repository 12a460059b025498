"""Offices are edited in the CMS too, by editors who keep the service standard."""

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet

from .cms_users import RoleLabelledAssignRoleBulkAction
from .models import Office

# After Wagtail's own (order 0), so it takes the place of the same action type.
hooks.register("register_bulk_action", RoleLabelledAssignRoleBulkAction, order=1)


class OfficeViewSet(ModelViewSet):
    model = Office
    icon = "home"
    menu_label = "Kantor BPS"
    add_to_admin_menu = True
    list_display = ["code", "name", "level", "email"]
    search_fields = ["code", "name"]
    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("level"),
        FieldPanel("parent"),
        FieldPanel("address"),
        FieldPanel("postal_code"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("website"),
        FieldPanel("head_name"),
        FieldPanel("head_nip"),
        FieldPanel("letter_number_template"),
    ]


@hooks.register("register_admin_viewset")
def register_office_viewset():
    return OfficeViewSet("offices")
