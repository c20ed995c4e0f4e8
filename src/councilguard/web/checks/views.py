"""The check page: paste a draft, see what the protocol says about it.

Plain POST forms rendered on the server, so it works without JavaScript; check.js adds
checking as you type through the same view (``?live=1`` returns the results alone and
records no statistics, since typing is not a decision to check).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from councilguard.checker import DraftError
from councilguard.web.roles import ADMINISTRATOR, MONITORING_OFFICER, member_for, role_required
from councilguard.web_services import (
    FormError,
    build_report,
    draft_from_form,
    personal_data_findings,
    remove_personal_data,
)

from .forms import DRAFT_FIELDS, CheckForm
from .models import CheckedRule, CheckStatistic
from .service import checker, member_context, record_statistics


def _fields(form: CheckForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    for flag in ("reply_all", "forwarded"):
        data[flag] = "on" if data.get(flag) else ""
    return data


def _check(request: HttpRequest, form: CheckForm) -> dict[str, Any] | None:
    """Check the form's draft; None (with the form's errors set) when it cannot be."""
    now = timezone.now()
    data = form.cleaned_data
    context = member_context(
        request.user,
        now,
        platform=data.get("platform") or None,
        account=data.get("account") or None,
    )
    try:
        draft = draft_from_form(_fields(form), context, sent_at=now)
        result = checker(now).check(draft)
    except FormError as exc:
        form.add_error(exc.field if exc.field in form.fields else "text", exc.problem)
        return None
    except DraftError as exc:
        # The form's own checks come first, so this is rare: point at the closest field.
        field = exc.field.split(".", 1)[0].split("[", 1)[0]
        form.add_error(field if field in form.fields else "text", f"{exc.field}: {exc.problem}")
        return None
    return {"draft": draft, "result": result}


@role_required()
@require_http_methods(["GET", "POST"])
def check_page(request: HttpRequest) -> HttpResponse:
    live = request.GET.get("live") == "1"
    if request.method == "GET":
        initial = {"channel": "social", "account": "personal", "platform": "twitter"}
        return render(request, "checks/check.html", {"form": CheckForm(initial=initial)})
    form = CheckForm(request.POST)
    page: dict[str, Any] = {"form": form, "is_member": member_for(request.user) is not None}
    checked = _check(request, form) if form.is_valid() else None
    if checked is None:
        template = "checks/_results.html" if live else "checks/check.html"
        return render(request, template, page, status=200 if live else 400)
    protocol = checker().protocol
    draft, result = checked["draft"], checked["result"]
    ran = [(result, draft["channel"])]
    if request.POST.get("action") == "redact" and not live:
        removed = len(personal_data_findings(result, protocol))
        new_text = remove_personal_data(draft["text"], result, protocol)
        if new_text != draft["text"]:
            data = request.POST.copy()
            data["text"] = new_text
            form = CheckForm(data)
            page["form"] = form
            form.is_valid()
            checked = _check(request, form)
            if checked is None:  # cannot happen for a text that only lost some words
                return render(request, "checks/check.html", page, status=400)
            draft, result = checked["draft"], checked["result"]
            ran.append((result, draft["channel"]))
            page["redacted"] = removed
    if not live:
        record_statistics(ran, source="web")
    page.update(
        report=build_report(result, draft["text"], protocol),
        can_redact=bool(personal_data_findings(result, protocol)),
        carried={name: form.cleaned_data.get(name) for name in DRAFT_FIELDS},
    )
    return render(request, "checks/_results.html" if live else "checks/check.html", page)


@role_required(MONITORING_OFFICER, ADMINISTRATOR)
@require_http_methods(["GET"])
def statistics_page(request: HttpRequest) -> HttpResponse:
    """Counts by rule and month, and verdicts by month: nothing that names anyone."""
    by_rule: dict[str, dict[str, int]] = defaultdict(dict)
    months: set = set()
    rows = (
        CheckedRule.objects.annotate(month=TruncMonth("statistic__day"))
        .values("rule", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        by_rule[row["rule"]][row["month"]] = row["n"]
        months.add(row["month"])
    verdict_rows = (
        CheckStatistic.objects.annotate(month=TruncMonth("day"))
        .values("verdict", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    verdicts: dict[Any, dict[str, int]] = defaultdict(dict)
    for row in verdict_rows:
        verdicts[row["month"]][row["verdict"]] = row["n"]
        months.add(row["month"])
    ordered = sorted(months, reverse=True)[:12]
    rules = checker().protocol.rules
    table = sorted(
        (
            {
                "rule": rule,
                "title": rules[rule].title if rule in rules else rule,
                "counts": [counts.get(m, 0) for m in ordered],
                "total": sum(counts.values()),
            }
            for rule, counts in by_rule.items()
        ),
        key=lambda r: (-r["total"], r["rule"]),
    )
    verdict_table = [
        {
            "month": m,
            "ok": verdicts[m].get("ok", 0),
            "review": verdicts[m].get("review", 0),
            "do_not_send": verdicts[m].get("do-not-send", 0),
        }
        for m in ordered
    ]
    return render(
        request,
        "checks/statistics.html",
        {
            "months": ordered,
            "table": table,
            "verdicts": verdict_table,
            "total": CheckStatistic.objects.count(),
        },
    )
