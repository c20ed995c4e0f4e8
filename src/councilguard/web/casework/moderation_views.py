"""Screening the comments others leave on a councillor's page.

The councillor uploads a Facebook export's comments (or the replies on X); every
comment is checked, and the page lists those with a defamation or offensive-content
finding (quoting the clause) to remove, and names the repeat offenders to block. The
councillor sees their own imports, the administrator all; to anyone else they are not
found. Comments are kept only with the import, which the councillor can delete.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from councilguard.casework import moderation as rules
from councilguard.web import roles
from councilguard.web.forms import ServiceWordsMixin
from councilguard.web.governance import audit
from councilguard.web.register.models import Member

from .moderation_models import PageImport, ScreenedComment
from .workflow import checker, report_for

moderation_roles = roles.role_required(roles.COUNCILLOR, roles.ADMINISTRATOR)
MAX_EXPORT_BYTES = 50 * 1024 * 1024


class ImportForm(ServiceWordsMixin, forms.Form):
    platform = forms.ChoiceField(
        label="What are you uploading?",
        choices=PageImport.Platform.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are uploading"},
    )
    export = forms.FileField(
        label="The export file",
        help_text="The .zip Facebook sends (or its comments.json), "
        "or the replies on X as JSON or a .js file from the archive.",
        error_messages={"required": "Select the export file", "empty": "The export file is empty"},
    )

    def clean_export(self) -> Any:
        upload = self.cleaned_data["export"]
        if upload.size > MAX_EXPORT_BYTES:
            raise forms.ValidationError(f"The export file must be {MAX_EXPORT_BYTES // 1024 // 1024} MB or smaller")
        return upload


def _member(request: HttpRequest) -> Member | None:
    return roles.member_for(request.user)


def _visible(request: HttpRequest) -> Any:
    imports = PageImport.objects.select_related("member")
    if roles.has_role(request.user, roles.ADMINISTRATOR):
        return imports
    member = _member(request)
    return imports.filter(member=member) if member else imports.none()


def _own_names(member: Member) -> list[str]:
    return [member.full_name, f"Cllr {member.full_name}", f"Councillor {member.full_name}",
            *(a.handle for a in member.social_accounts.all() if a.handle)]  # fmt: skip


@moderation_roles
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if member is None:
            return render(request, "casework/not_a_member.html", status=403)
        if form.is_valid():
            page_import, error = _import(request, member, form)
            if page_import is not None:
                messages.success(
                    request,
                    f"{page_import.total} comments screened: {page_import.flagged} to remove.",
                )
                return redirect(page_import)
            form.add_error("export", error)
        return render(request, "casework/moderation/index.html", {"form": form, "imports": _visible(request),
                                                                  "member": member}, status=400)  # fmt: skip
    return render(
        request, "casework/moderation/index.html", {"form": form, "imports": _visible(request), "member": member}
    )


def _import(request: HttpRequest, member: Member, form: ImportForm) -> tuple[PageImport | None, str]:
    upload = form.cleaned_data["export"]
    platform = form.cleaned_data["platform"]
    suffix = Path(upload.name or "export").suffix.lower()[:8]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            read = rules.read_export(path, platform, _own_names(member))
        except rules.ExportError as exc:
            return None, f"The export could not be read: {exc}"
    comments = read.comments
    results = checker().check_batch([_draft(c.text, platform) for c in comments]) if comments else []
    with transaction.atomic():
        page_import = PageImport.objects.create(
            member=member,
            uploaded_by=request.user,
            platform=platform,
            file_name=(upload.name or "export")[:255],
            total=len(comments),
            own_left_out=read.own_left_out,
            problems=read.problems,
        )
        rows = []
        for comment, result in zip(comments, results, strict=True):
            found = rules.moderation_findings([f.to_dict() for f in result.findings])
            rows.append(
                ScreenedComment(
                    page_import=page_import,
                    author=comment.author[:200],
                    text=comment.text,
                    posted_at=datetime.fromisoformat(comment.posted_at) if comment.posted_at else None,
                    locator=comment.locator[:300],
                    left_on=comment.on[:300],
                    findings=list(found),
                    flagged=bool(found),
                )
            )
        ScreenedComment.objects.bulk_create(rows)
        page_import.flagged = sum(r.flagged for r in rows)
        page_import.save(update_fields=["flagged"])
        audit.record(request.user, "created", page_import,
                     audit.new(platform=platform, comments=page_import.total, flagged=page_import.flagged))  # fmt: skip
    return page_import, ""


def _draft(text: str, platform: str) -> Any:
    from councilguard.checker.draft import Draft

    return Draft.from_dict({"text": text, "channel": "social", "platform": platform, "account": "personal"})


def _import_for(request: HttpRequest, pk: int) -> PageImport:
    page_import = get_object_or_404(PageImport.objects.select_related("member"), pk=pk)
    if not _visible(request).filter(pk=page_import.pk).exists():
        raise Http404("No such import")
    return page_import


@moderation_roles
@require_http_methods(["GET"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    page_import = _import_for(request, pk)
    flagged = list(page_import.comments.filter(flagged=True))
    rows = [{"comment": c, "report": report_for({"findings": c.findings}, c.text)} for c in flagged]
    offenders = rules.repeat_offenders(c.author for c in flagged)
    return render(
        request,
        "casework/moderation/detail.html",
        {
            "page_import": page_import,
            "rows": rows,
            "offenders": offenders,
            "block_at": rules.REPEAT_OFFENDER_AT,
            "block_advice": "On Twitter, you can block people who are habitually offensive or vexatious."
            if page_import.platform == "twitter"
            else "On Facebook you can ban someone from your page (Settings, then People and other Pages).",
        },
    )


@moderation_roles
@require_POST
def mark_removed(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    page_import = _import_for(request, pk)
    comment = get_object_or_404(ScreenedComment, pk=comment_pk, page_import=page_import)
    if not comment.removed:
        comment.removed = True
        comment.save(update_fields=["removed"])
        audit.record(request.user, "changed", comment, {"removed": [False, True]})
    messages.success(request, f"Marked as removed: the comment by {comment.author}.")
    return redirect(page_import)


@moderation_roles
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    page_import = _import_for(request, pk)
    with transaction.atomic():
        audit.record(request.user, "deleted", page_import, audit.gone(comments=page_import.total))
        page_import.delete()
    messages.success(request, "The import and its comments have been deleted.")
    return redirect("moderation:index")
