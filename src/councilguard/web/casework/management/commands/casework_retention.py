"""Delete closed cases whose retention period (COUNCILGUARD_CASE_RETENTION_DAYS) is over:
complaints (with their scans, screenshots and letters' data) and abuse reports, records
and files alike. Each deletion is in the audit log by reference only. ``--dry-run`` lists
what would go."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from councilguard.casework.deadlines import due_for_deletion
from councilguard.web.casework import casefiles, scan_files
from councilguard.web.casework.abuse_models import AbuseReport, AbuseSender
from councilguard.web.casework.complaint_models import Complaint
from councilguard.web.casework.workflow import retention_days
from councilguard.web.governance import audit


class Command(BaseCommand):
    help = "Delete closed complaints and abuse reports older than the retention period."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted; delete nothing")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        today = timezone.localdate()
        days = retention_days()
        complaints = [c for c in Complaint.objects.filter(status=Complaint.Status.CLOSED, closed_on__isnull=False)
                      if due_for_deletion(c.closed_on, today, days)]  # fmt: skip
        reports = [r for r in AbuseReport.objects.filter(status=AbuseReport.Status.CLOSED, closed_on__isnull=False)
                   if due_for_deletion(r.closed_on, today, days)]  # fmt: skip
        for complaint in complaints:
            self.stdout.write(f"complaint {complaint.reference} (closed {complaint.closed_on})")
        for report in reports:
            self.stdout.write(f"abuse report {report.pk} (closed {report.closed_on})")
        if dry_run:
            self.stdout.write(f"{len(complaints)} complaint(s) and {len(reports)} abuse report(s) would be deleted")
            return
        for complaint in complaints:
            pk, reference = complaint.pk, complaint.reference
            scans = list(complaint.scans.values_list("pk", flat=True))
            with transaction.atomic():
                audit.record(None, "deleted", complaint, {"retention": [reference, f"deleted after {days} days"]})
                complaint.delete()
            casefiles.remove("complaint", pk)
            for scan_pk in scans:
                scan_files.remove_scan(pk, scan_pk)
        for report in reports:
            pk, sender_id = report.pk, report.sender_id
            with transaction.atomic():
                audit.record(
                    None, "deleted", report, {"retention": [f"abuse report {pk}", f"deleted after {days} days"]}
                )
                report.delete()
                AbuseSender.objects.filter(pk=sender_id, reports__isnull=True).delete()
            casefiles.remove("abuse", pk)
        self.stdout.write(f"{len(complaints)} complaint(s) and {len(reports)} abuse report(s) deleted")
