"""Log filters: an expected refusal is one line, not a traceback.

Django logs every PermissionDenied on ``django.request`` with the exception attached, so
each 403 (a councillor opening an officer's page, say) wrote a full traceback: noise that
hides real errors. The refusal is what the views meant to do; its one line says which page.
Requests Django itself refuses as suspicious (a Host header not in ALLOWED_HOSTS, a body
or form past its limits) are logged on ``django.security.*`` the same way, with a 400:
each is one line naming what was wrong.
"""

from __future__ import annotations

import logging


class RefusalsOnOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in (400, 403):
            record.exc_info = None
            record.exc_text = None
        return True
