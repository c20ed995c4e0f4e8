"""The Monitoring Officer's pages for keeping the protocol: versions, drafting, testing,
comparing, proposing; Members' Services' page for recording the adopting decision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from councilguard.checker.protocol import ProtocolError
from councilguard.packs import edit as pack_edit
from councilguard.packs import read_zip, to_zip
from councilguard.packs.diff import diff_packs
from councilguard.packs.files import MAX_PACK_BYTES, check_path

from .. import roles
from ..governance.models import ProtocolVersion
from ..governance.protocols import export_files, files_of, protocol_for, version_in_force
from . import workflow
from .forms import AdoptForm, ClauseForm, FileForm, LexiconForm, NewRuleForm, NewVersionForm, RuleForm, UploadForm


def _version(pack_id: str) -> ProtocolVersion:
    return get_object_or_404(ProtocolVersion.objects.select_related("decision__meeting__committee"), pack_id=pack_id)


def _problem(exc: ProtocolError) -> str:
    """The loader's error as the page shows it: file, line, then what is wrong."""
    where = f"{exc.path}, line {exc.line}" if exc.line else exc.path
    return f"{where}: {exc.problem}"


@roles.role_required(*workflow.READERS)
def index(request: HttpRequest) -> HttpResponse:
    in_force = version_in_force()
    return render(
        request,
        "protocols/index.html",
        {
            "versions": ProtocolVersion.objects.select_related("decision__meeting__committee").order_by(
                "-created_at", "-pk"
            ),
            "in_force": in_force,
            "may_draft": workflow.may_draft(request.user),
        },
    )


@roles.role_required(*workflow.DRAFTERS)
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    base = version_in_force()
    if base is None:
        raise Http404("No version is in force to start from")
    form = NewVersionForm(request.POST or None, initial={"title": base.title})
    if request.method == "POST" and form.is_valid():
        try:
            version = workflow.start_from(
                base, pack_id=form.cleaned_data["pack_id"], title=form.cleaned_data["title"], user=request.user
            )
        except ProtocolError as exc:
            form.add_error("pack_id", _problem(exc))
        else:
            messages.success(request, f"Started {version.pack_id} from {base.pack_id}, the version in force.")
            return redirect("protocols:version", version.pack_id)
    return render(request, "protocols/form.html", {"form": form, "heading": "Start a new version", "base": base},
                  status=400 if form.errors else 200)  # fmt: skip


@roles.role_required(*workflow.DRAFTERS)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["pack"]
        try:
            if upload.size > MAX_PACK_BYTES:
                raise ProtocolError(upload.name, None, f"is larger than {MAX_PACK_BYTES // (1024 * 1024)} MB")
            version = workflow.import_pack(read_zip(upload.read()), user=request.user)
        except ProtocolError as exc:
            form.add_error("pack", _problem(exc))
        else:
            messages.success(request, f"Uploaded {version.pack_id} as a draft.")
            return redirect("protocols:version", version.pack_id)
    return render(request, "protocols/form.html", {"form": form, "heading": "Upload a protocol pack"},
                  status=400 if form.errors else 200)  # fmt: skip


def _may_read(request: HttpRequest, version: ProtocolVersion) -> None:
    """Adopted versions are public (like the minutes); drafts are the officers'."""
    if version.status != ProtocolVersion.Status.ADOPTED and not roles.has_role(request.user, *workflow.READERS):
        raise PermissionDenied("Only the Monitoring Officer and Members' Services see versions not yet adopted.")


@roles.role_required(*workflow.READERS)
def version(request: HttpRequest, pack_id: str) -> HttpResponse:
    found = _version(pack_id)
    protocol = protocol_for(found)
    files = files_of(found)
    report = found.test_report if found.tested else None
    return render(
        request,
        "protocols/version.html",
        {
            "version": found,
            # By date, not the stored flag: a version adopted for a later day is not in force yet.
            "in_force": version_in_force(),
            "protocol": protocol,
            "clauses": list(protocol.clauses.values()),
            "rules": list(protocol.rules.values()),
            "lexicons": sorted(protocol.lexicons.items()),
            "files": sorted(files),
            "report": report,
            "stale_report": found.test_report and not found.tested,
            "may_draft": workflow.may_draft(request.user) and found.editable,
            "may_propose": workflow.may_draft(request.user) and found.editable and found.examples_pass,
            "may_withdraw": workflow.may_draft(request.user) and found.status == ProtocolVersion.Status.PROPOSED,
            "may_adopt": workflow.may_adopt(request.user) and found.status == ProtocolVersion.Status.PROPOSED,
            "others": ProtocolVersion.objects.exclude(pk=found.pk).order_by("-created_at"),
        },
    )


def _editable(request: HttpRequest, pack_id: str) -> ProtocolVersion:
    found = _version(pack_id)
    if not found.editable:
        messages.error(
            request, f"{found.pack_id} is {found.get_status_display().lower()}: it can no longer be changed."
        )
        raise _Redirect(found.pack_id)
    return found


class _Redirect(Exception):
    def __init__(self, pack_id: str):
        self.pack_id = pack_id


def _edit_page(request: HttpRequest, found: ProtocolVersion, form: Any, heading: str, **extra: Any) -> HttpResponse:
    return render(
        request, "protocols/form.html",
        {"form": form, "heading": heading, "version": found, **extra}, status=400 if form.errors else 200,
    )  # fmt: skip


def _save(request: HttpRequest, found: ProtocolVersion, form: Any, field: str, files: Any, what: str) -> bool:
    try:
        workflow.save_files(found, files, user=request.user, what=what)
    except ProtocolError as exc:
        form.add_error(field, _problem(exc))
        return False
    except workflow.NotAllowed as exc:
        form.add_error(None, str(exc))
        return False
    messages.success(request, f"Saved: {what}.")
    return True


def _drafting(view: Any) -> Any:
    """Drafters only, on a draft (an adopted or proposed version sends them back)."""

    @roles.role_required(*workflow.DRAFTERS)
    @require_http_methods(["GET", "POST"])
    def wrapped(request: HttpRequest, pack_id: str, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, _editable(request, pack_id), **kwargs)
        except _Redirect as stop:
            return redirect("protocols:version", stop.pack_id)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_drafting
def edit_clause(request: HttpRequest, found: ProtocolVersion, clause_id: str) -> HttpResponse:
    clause = protocol_for(found).clauses.get(clause_id)
    if clause is None:
        raise Http404("No such clause in this version")
    form = ClauseForm(request.POST or None, initial={"title": clause.title, "text": clause.text})
    if request.method == "POST" and form.is_valid():
        files = pack_edit.set_clause(files_of(found), clause_id, **form.cleaned_data)
        if _save(request, found, form, "text", files, f"clause {clause_id}"):
            return redirect("protocols:version", found.pack_id)
    return _edit_page(request, found, form, f"Clause {clause_id}")


@_drafting
def edit_rule(request: HttpRequest, found: ProtocolVersion, rule_id: str) -> HttpResponse:
    rule = protocol_for(found).rules.get(rule_id)
    if rule is None:
        raise Http404("No such rule in this version")
    form = RuleForm(request.POST or None, rule=rule, initial=RuleForm.initial_for(rule))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            files = pack_edit.set_rule(
                files_of(found), rule_id, message=data["message"], suggestion=data["suggestion"],
                severity=data["severity"], case_severities=form.cases(),
                examples_bad=form.examples("bad"), examples_good=form.examples("good"),
            )  # fmt: skip
        except ProtocolError as exc:
            form.add_error(None, _problem(exc))
        else:
            if _save(request, found, form, "message", files, f"rule {rule_id}"):
                return redirect("protocols:version", found.pack_id)
    return _edit_page(request, found, form, f"Rule {rule_id}", rule=rule)


@_drafting
def edit_lexicon(request: HttpRequest, found: ProtocolVersion, name: str) -> HttpResponse:
    terms = protocol_for(found).lexicons.get(name)
    if terms is None:
        raise Http404("No such word list in this version")
    form = LexiconForm(request.POST or None, initial={"terms": "\n".join(terms)})
    if request.method == "POST" and form.is_valid():
        files = pack_edit.set_lexicon(files_of(found), name, form.entries())
        if _save(request, found, form, "terms", files, f"word list {name}"):
            return redirect("protocols:version", found.pack_id)
    return _edit_page(request, found, form, f"Word list {name}")


@_drafting
def edit_file(request: HttpRequest, found: ProtocolVersion, path: str) -> HttpResponse:
    files = files_of(found)
    if path not in files:
        raise Http404("No such file in this version")
    form = FileForm(request.POST or None, initial={"text": files[path]})
    if request.method == "POST" and form.is_valid():
        changed = pack_edit.set_file(files, path, form.cleaned_data["text"])
        if _save(request, found, form, "text", changed, f"{path} (YAML)"):
            return redirect("protocols:version", found.pack_id)
    return _edit_page(request, found, form, path, code=True)


@_drafting
def add_rule(request: HttpRequest, found: ProtocolVersion) -> HttpResponse:
    protocol = protocol_for(found)
    first_clause = next(iter(protocol.clauses))
    template = pack_edit.RULE_TEMPLATE.format(rule_id="new-rule", title="A new rule", clause=first_clause)
    form = NewRuleForm(request.POST or None, initial={"rule_id": "", "text": template})
    if request.method == "POST" and form.is_valid():
        rule_id = form.cleaned_data["rule_id"]
        if rule_id in protocol.rules or any(rule_id in r.aliases for r in protocol.rules.values()):
            form.add_error("rule_id", f"{rule_id} is already a rule or an old id of one: ids are never reused")
        else:
            name = check_path(pack_edit.rule_file(rule_id))
            files = pack_edit.set_file(files_of(found), name, form.cleaned_data["text"])
            if _save(request, found, form, "text", files, f"new rule {rule_id}"):
                return redirect("protocols:version", found.pack_id)
    return _edit_page(request, found, form, "Add a rule", code=True)


@roles.role_required(*workflow.DRAFTERS)
@require_POST
def test(request: HttpRequest, pack_id: str) -> HttpResponse:
    found = _version(pack_id)
    report = workflow.run_tests(found, user=request.user)
    if report["failures"]:
        messages.error(request, f"{len(report['failures'])} of the rules' examples fail: fix them before proposing.")
    else:
        messages.success(
            request,
            f"Every example passes. {report['changed']} outcomes changed on {report['drafts']} reference drafts.",
        )
    return redirect(f"{request.build_absolute_uri(_url(found))}#tests")


def _url(found: ProtocolVersion) -> str:
    from django.urls import reverse

    return reverse("protocols:version", args=[found.pack_id])


@roles.role_required(*workflow.DRAFTERS)
@require_POST
def propose(request: HttpRequest, pack_id: str) -> HttpResponse:
    found = _version(pack_id)
    try:
        workflow.propose(found, user=request.user)
    except workflow.NotAllowed as exc:
        messages.error(request, str(exc))
        return redirect("protocols:version", found.pack_id)
    messages.success(request, f"Proposed {found.pack_id}. The report for the committee is below.")
    return redirect("protocols:report", found.pack_id)


@roles.role_required(*workflow.DRAFTERS)
@require_POST
def withdraw(request: HttpRequest, pack_id: str) -> HttpResponse:
    found = _version(pack_id)
    try:
        workflow.withdraw(found, user=request.user)
    except workflow.NotAllowed as exc:
        messages.error(request, str(exc))
    return redirect("protocols:version", found.pack_id)


@roles.role_required(*workflow.READERS)
def report(request: HttpRequest, pack_id: str) -> HttpResponse:
    found = _version(pack_id)
    if not found.report_text:
        raise Http404("This version has not been proposed")
    return render(request, "protocols/report.html", {"version": found})


def compare(request: HttpRequest) -> HttpResponse:
    """Any two versions side by side (``?old=ID&new=ID``), printable for a committee report."""
    versions = ProtocolVersion.objects.order_by("-created_at", "-pk")
    old_id, new_id = request.GET.get("old"), request.GET.get("new")
    context: dict[str, Any] = {"versions": versions, "old_id": old_id, "new_id": new_id}
    if old_id and new_id:
        old, new = _version(old_id), _version(new_id)
        _may_read(request, old)
        _may_read(request, new)
        context.update(
            old=old, new=new, diff=diff_packs(protocol_for(old), protocol_for(new), old.pack_id, new.pack_id)
        )
    elif not roles.has_role(request.user, *workflow.READERS):
        # The public may compare adopted versions; the chooser lists every version.
        context["versions"] = versions.filter(status=ProtocolVersion.Status.ADOPTED)
    return render(request, "protocols/compare.html", context)


def download(request: HttpRequest, pack_id: str) -> HttpResponse:
    """The version as a zip of its pack directory (``councilguard check --protocol DIR``)."""
    found = _version(pack_id)
    _may_read(request, found)
    data = to_zip(export_files(found), found.pack_id)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{found.pack_id}.zip"'
    return response


@roles.role_required(*workflow.ADOPTERS)
@require_http_methods(["GET", "POST"])
def adopt(request: HttpRequest, pack_id: str) -> HttpResponse:
    found = _version(pack_id)
    if found.status != ProtocolVersion.Status.PROPOSED:
        messages.error(
            request, f"{found.pack_id} is {found.get_status_display().lower()}: only a proposed version is adopted."
        )
        return redirect("protocols:version", found.pack_id)
    form = AdoptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.adopt(found, user=request.user, **form.cleaned_data)
        except workflow.NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"{found.pack_id} is adopted by {form.cleaned_data['decision']}, in force from "
                f"{form.cleaned_data['in_force_from']:%d %B %Y}.",
            )  # fmt: skip
            return redirect("governance:version", found.pack_id)
    return _edit_page(request, found, form, f"Record the adoption of {found.pack_id}", adopting=True)
