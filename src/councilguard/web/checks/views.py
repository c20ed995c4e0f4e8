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
from django.views.decorators.http import require_http_methods

from councilguard.checker.vocabulary import VERDICTS, verdict_term
from councilguard.web.roles import ADMINISTRATOR, MONITORING_OFFICER, member_for, role_required
from councilguard.web_services import build_report, personal_data_findings, remove_personal_data

from .forms import DRAFT_FIELDS, CheckForm
from .models import CheckedRule, CheckStatistic
from .service import check, check_form, checker, record_statistics


def _check(form: CheckForm) -> dict[str, Any] | None:
    """Check the form's draft; None (with the form's errors set) when it cannot be."""
    if not form.is_valid() or form.draft is None:
        return None
    return {"draft": form.draft, "result": check(form.draft, form.sent_at)}


@role_required()
@require_http_methods(["GET", "POST"])
def check_page(request: HttpRequest) -> HttpResponse:
    live = request.GET.get("live") == "1"
    if request.method == "GET":
        initial = {"channel": "social", "account": "personal", "platform": "twitter"}
        return render(request, "checks/check.html", {"form": CheckForm(initial=initial)})
    form = check_form(request, request.POST)
    page: dict[str, Any] = {"form": form, "is_member": member_for(request.user) is not None}
    checked = _check(form)
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
            form = check_form(request, data)
            page["form"] = form
            checked = _check(form)
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
    table = [
        {
            "rule": rule,
            "title": rules[rule].title if rule in rules else rule,
            "counts": [counts.get(m, 0) for m in ordered],
            "total": sum(counts.values()),
        }
        for rule, counts in sorted(by_rule.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    ]
    verdict_table = [{"month": m, "counts": {v: verdicts[m].get(v, 0) for v in VERDICTS}} for m in ordered]
    return render(
        request,
        "checks/statistics.html",
        {
            "months": ordered,
            "table": table,
            "verdicts": verdict_table,
            "verdict_labels": [verdict_term(v).label for v in VERDICTS],
            "total": CheckStatistic.objects.count(),
        },
    )
