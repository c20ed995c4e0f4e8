"""What happens to a version, and who may make it happen: drafted and edited by the
Monitoring Officer (or the administrator), tested, proposed, and brought into force only
by a decision Members' Services record in the register. Every change is audited; every
edit is loaded by the pack loader first, and nothing is stored when it fails."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from councilguard.checker.protocol import Protocol, ProtocolError
from councilguard.packs import PackFiles, load_files
from councilguard.packs.diff import diff_packs
from councilguard.packs.edit import set_pack_id
from councilguard.packs.files import declared_id
from councilguard.packs.rescore import test_report
from councilguard.packs.safety import patterns_of

from .. import roles
from ..governance import audit
from ..governance.models import ProtocolVersion
from ..governance.protocols import checker_for, decision_text, files_of, protocol_for, version_in_force
from ..register.models import Decision

DRAFTERS = (roles.MONITORING_OFFICER, roles.ADMINISTRATOR)
ADOPTERS = (roles.MEMBERS_SERVICES, roles.ADMINISTRATOR)
READERS = (*DRAFTERS, roles.MEMBERS_SERVICES)


class NotAllowed(Exception):
    """An action the version's state does not allow (editing an adopted version)."""


def may_draft(user: Any) -> bool:
    return roles.has_role(user, *DRAFTERS)


def may_adopt(user: Any) -> bool:
    return roles.has_role(user, *ADOPTERS)


def _in_force() -> ProtocolVersion:
    """What a draft version is tested and compared against."""
    version = version_in_force()
    if version is None:  # only when versions exist and none was ever adopted
        raise NotAllowed("No version of the protocol is in force: record the decision that adopts one first.")
    return version


def _require(user: Any, allowed: tuple[str, ...]) -> None:
    if not roles.has_role(user, *allowed):
        raise PermissionDenied("Your role does not allow this.")


def validate(files: PackFiles, pack_id: str) -> Protocol:
    """Load ``files`` as the pack loader does, or raise ProtocolError naming file, line
    and field. New patterns must be linear-safe; those of the version in force are
    already adopted (see packs.safety)."""
    in_force = version_in_force()
    allowed = patterns_of(protocol_for(in_force)) if in_force else frozenset()
    protocol = load_files(files, version=pack_id, allowed_patterns=allowed)
    if protocol.id != pack_id:
        raise ProtocolError("protocol.yaml", None, f"id is {protocol.id!r}; this version's id is {pack_id!r}")
    return protocol


def _taken(pack_id: str) -> None:
    if ProtocolVersion.objects.filter(pack_id=pack_id).exists():
        raise ProtocolError("protocol.yaml", None, f"a version with the id {pack_id!r} exists already")


@transaction.atomic
def start_from(base: ProtocolVersion, *, pack_id: str, title: str, user: Any) -> ProtocolVersion:
    """A new draft, a copy of ``base``'s files under a new id and title."""
    _require(user, DRAFTERS)
    _taken(pack_id)
    files = set_pack_id(files_of(base), pack_id, title)
    validate(files, pack_id)
    version = ProtocolVersion.objects.create(
        pack_id=pack_id, title=title[:300], status=ProtocolVersion.Status.DRAFT, files=files,
        based_on=base, created_by=user,
    )  # fmt: skip
    audit.record(user, "created", version, {"based_on": [None, base.pack_id]})
    return version


@transaction.atomic
def import_pack(files: PackFiles, *, user: Any) -> ProtocolVersion:
    """A new draft from an uploaded pack (already read by packs.read_zip)."""
    _require(user, DRAFTERS)
    pack_id = declared_id(files)
    _taken(pack_id)
    protocol = validate(files, pack_id)
    in_force = version_in_force()
    version = ProtocolVersion.objects.create(
        pack_id=pack_id, title=protocol.title[:300], status=ProtocolVersion.Status.DRAFT, files=files,
        based_on=in_force, created_by=user,
    )  # fmt: skip
    audit.record(user, "created", version, {"uploaded": [None, f"{len(files)} files"]})
    return version


def save_files(version: ProtocolVersion, files: PackFiles, *, user: Any, what: str) -> ProtocolVersion:
    """Store an edit of a draft's files once they load; ``what`` names it in the audit log."""
    _require(user, DRAFTERS)
    if not version.editable:
        raise NotAllowed(f"{version.pack_id} is {version.get_status_display().lower()}: it can no longer be changed")
    protocol = validate(files, version.pack_id)
    changed = sorted(name for name in set(files) | set(version.files) if files.get(name) != version.files.get(name))
    with transaction.atomic():
        version.files = files
        version.title = protocol.title[:300]
        version.save(update_fields=["files", "title"])
        audit.record(user, "changed", version, {"edit": [None, what], "files": [None, changed]})
    return version


def run_tests(version: ProtocolVersion, *, user: Any) -> dict[str, Any]:
    """Test the draft against the version in force and keep the report (of these files)."""
    _require(user, DRAFTERS)
    in_force = _in_force()
    report = test_report(protocol_for(in_force), protocol_for(version), in_force_checker=checker_for(in_force))
    report["against"] = in_force.pack_id
    report["at"] = timezone.now().isoformat(timespec="seconds")
    with transaction.atomic():
        ProtocolVersion.objects.filter(pk=version.pk).update(test_report=report, tested_digest=version.digest())
        version.test_report, version.tested_digest = report, version.digest()
        audit.record(
            user, "changed", version,
            {"tested": [None, f"{len(report['failures'])} failing examples, {report['changed']} changed outcomes"]},
        )  # fmt: skip
    return report


def committee_report(version: ProtocolVersion) -> str:
    """The report text the Monitoring Officer puts to the committee: what changes, what it
    would catch and clear differently, and the recommendation."""
    in_force = _in_force()
    old, new = protocol_for(in_force), protocol_for(version)
    diff = diff_packs(old, new, in_force.pack_id, version.pack_id)
    report = version.test_report or {}
    lines = [
        f"Report of the Monitoring Officer: {new.title}",
        "",
        "Purpose",
        f"To recommend that the Committee adopt version {version.pack_id} of the protocols, "
        f"replacing version {in_force.pack_id} now in force.",
        "",
        "What changes",
        f"In summary: {diff.summary()}.",
    ]
    for change in diff.clauses:
        lines.append(f"- Clause {change.id} ({change.title}): {change.status}.")
    for rule in diff.rules:
        fields = ", ".join(f.label for f in rule.fields) if rule.status == "changed" else ""
        lines.append(f"- Rule {rule.id} ({rule.title}): {rule.status}{': ' + fields if fields else ''}.")
    for lexicon in diff.lexicons:
        lines.append(f"- Word list {lexicon.name}: {len(lexicon.added)} entries added, {len(lexicon.removed)} removed.")
    lines += [
        "",
        "Testing",
        f"Every rule's {report.get('examples', 0)} examples pass on the new version. Of the "
        f"{report.get('drafts', 0)} reference drafts, {len(report.get('verdicts_changed', []))} would get "
        "a different verdict:",
    ]
    for rule in report.get("rules", []):
        lines.append(
            f"- {rule['rule']}: {len(rule['caught'])} more caught, {len(rule['cleared'])} cleared, "
            f"{len(rule['regraded'])} at another severity."
        )
    lines += [
        "",
        "Recommendation",
        f"That the Committee adopts version {version.pack_id} and resolves the date from which it is in force.",
    ]
    return "\n".join(lines)


@transaction.atomic
def propose(version: ProtocolVersion, *, user: Any) -> ProtocolVersion:
    """Propose a tested draft whose examples all pass; writes the committee report."""
    _require(user, DRAFTERS)
    if not version.editable:
        raise NotAllowed(f"{version.pack_id} is {version.get_status_display().lower()}, not a draft")
    if not version.tested:
        raise NotAllowed("Test this version (as it now stands) before proposing it")
    if not version.examples_pass:
        failed = len(version.test_report["failures"])
        raise NotAllowed(f"{failed} of the rules' examples fail: a version whose examples fail cannot be proposed")
    version.status = ProtocolVersion.Status.PROPOSED
    version.report_text = committee_report(version)
    version.save(update_fields=["status", "report_text"])
    audit.record(user, "changed", version, {"status": ["draft", "proposed"]})
    return version


@transaction.atomic
def withdraw(version: ProtocolVersion, *, user: Any) -> ProtocolVersion:
    """A proposed version back to a draft, to change it before the committee decides."""
    _require(user, DRAFTERS)
    if version.status != ProtocolVersion.Status.PROPOSED:
        raise NotAllowed(f"{version.pack_id} is not proposed")
    version.status = ProtocolVersion.Status.DRAFT
    version.save(update_fields=["status"])
    audit.record(user, "changed", version, {"status": ["proposed", "draft"]})
    return version


@transaction.atomic
def adopt(version: ProtocolVersion, *, decision: Decision, in_force_from: date, user: Any) -> ProtocolVersion:
    """Bring a proposed version into force from ``in_force_from``, by a recorded decision.
    The version is read-only from now on; earlier versions stay, read-only, for drafts
    sent while they were in force."""
    _require(user, ADOPTERS)
    version = ProtocolVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != ProtocolVersion.Status.PROPOSED:
        raise NotAllowed(
            f"{version.pack_id} is {version.get_status_display().lower()}: only a proposed version is adopted"
        )
    before = version_in_force()
    version.status = ProtocolVersion.Status.ADOPTED
    version.decision = decision
    version.adopted_on = decision.meeting.start.date()
    version.adopted_by = decision.meeting.committee.name[:200]
    version.minute = (str(decision.item) if decision.item_id else decision.minute)[:200]
    version.in_force_from = in_force_from
    if in_force_from <= timezone.localdate():
        ProtocolVersion.objects.filter(in_force=True).exclude(pk=version.pk).update(in_force=False)
        version.in_force = True
    version.save()
    audit.record(
        user, "changed", version,
        {"status": ["proposed", "adopted"], "decision": [None, decision_text(version)],
         "in_force_from": [None, in_force_from.isoformat()],
         "replaces": [None, before.pack_id if before else None]},
    )  # fmt: skip
    return version
