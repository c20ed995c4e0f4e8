"""Outcomes recorded before the casework workflow: no-breach is now "no further action",
breach "sanction", referred "hearing"; closed complaints get their closing day."""

from django.db import migrations

OLD_TO_NEW = {"no-breach": "no-further-action", "breach": "sanction", "referred": "hearing"}


def forwards(apps, schema_editor):
    Complaint = apps.get_model("casework", "Complaint")
    for old, new in OLD_TO_NEW.items():
        Complaint.objects.filter(outcome=old).update(outcome=new)
    for complaint in Complaint.objects.filter(status="closed", closed_on__isnull=True):
        complaint.closed_on = complaint.updated_at.date()
        complaint.decided_on = complaint.closed_on
        complaint.save(update_fields=["closed_on", "decided_on"])


def backwards(apps, schema_editor):
    Complaint = apps.get_model("casework", "Complaint")
    for old, new in OLD_TO_NEW.items():
        Complaint.objects.filter(outcome=new).update(outcome=old)


class Migration(migrations.Migration):
    dependencies = [("casework", "0003_casework_workflows")]
    operations = [migrations.RunPython(forwards, backwards)]
