"""One Django group per role (see councilguard.web.roles)."""

from django.db import migrations

ROLES = (
    "councillor",
    "monitoring_officer",
    "ict_service_desk",
    "members_services",
    "group_leader",
    "administrator",
)


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
