from django.db import migrations

# The officer roles are Django groups (procedures.organisations.roles.Role); they
# exist from the start so the admin can grant them.
ROLE_GROUPS = ["examiner", "signatory", "walidata", "office_admin"]


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
