"""E-mail the Monitoring Officer about complaint deadlines that are near or past.

Safe to run any number of times (from cron, daily): each deadline gets at most one
"due soon" and one "overdue" reminder, recorded in ComplaintReminder.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from councilguard.web.casework.complaint_models import Complaint, ComplaintReminder
from councilguard.web.casework.workflow import deadline_of, monitoring_officers, reminder_days


class Command(BaseCommand):
    help = "Send reminders for complaint deadlines that are near or past (safe to run twice)."

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        recipients = monitoring_officers()
        sent = 0
        for complaint in Complaint.objects.exclude(status=Complaint.Status.CLOSED).select_related("member"):
            deadline = deadline_of(complaint)
            if deadline is None or not deadline.reminder_due(today, reminder_days()):
                continue
            kind = ComplaintReminder.Kind.OVERDUE if deadline.overdue(today) else ComplaintReminder.Kind.DUE_SOON
            try:
                with transaction.atomic():
                    ComplaintReminder.objects.create(
                        complaint=complaint, stage=deadline.stage, due_on=deadline.due_on, kind=kind,
                        recipients=recipients,
                    )  # fmt: skip
                    if recipients:
                        send_mail(
                            subject=f"CouncilGuard: complaint {complaint.reference} – {deadline.label} "
                            f"{'is overdue' if kind == 'overdue' else 'is due'} ({deadline.due_on:%d %B %Y})",
                            message=f"{deadline.label} for complaint {complaint.reference} is due by "
                            f"{deadline.due_on:%A %d %B %Y}.\nOpen the complaint in CouncilGuard to act on it.",
                            from_email=settings.DEFAULT_FROM_EMAIL,
                            recipient_list=recipients,
                        )
            except IntegrityError:
                continue  # already reminded about this deadline
            sent += 1
        self.stdout.write(f"{sent} reminder(s) sent")
