"""Writing the audit log: views call ``record`` after they change a record."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.db import models
from django.forms import ModelForm

from .models import AuditEntry


def _actor_name(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system"
    return actor.get_full_name() or actor.get_username()


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field value (model instances by their name, dates as text)."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return [str(v) for v in items]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def form_changes(form: ModelForm) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for the fields a bound, valid ModelForm changed."""
    changes = {}
    for name in form.changed_data:
        if name not in form.cleaned_data:
            continue
        before = form.initial.get(name)
        field = form.fields[name]
        if before is not None and hasattr(field, "queryset"):
            # initial holds primary keys for choice fields; show names instead.
            ids = before if isinstance(before, list | tuple) else [before]
            ids = [getattr(i, "pk", i) for i in ids]
            names = [str(o) for o in field.queryset.model._default_manager.filter(pk__in=ids)]
            before = names if isinstance(before, list | tuple) else (names[0] if names else None)
        changes[name] = [_plain(before), _plain(form.cleaned_data[name])]
    return changes


class Change(NamedTuple):
    """One field's whole value before and after (None where the record did not yet, or no
    longer, hold it). Stored as a two-item list."""

    before: Any
    after: Any


def new(**values: Any) -> dict[str, Change]:
    """The changes for a record just made (or a thing just done): each value, from nothing."""
    return {field: Change(None, value) for field, value in values.items()}


def gone(**values: Any) -> dict[str, Change]:
    """The changes for a record deleted: each value it held, to nothing."""
    return {field: Change(value, None) for field, value in values.items()}


def _checked(changes: dict[str, Any]) -> dict[str, list[Any]]:
    # A bare value ("status": "received") was once stored and shown as "status: r → e",
    # the string taken apart as if it were [before, after]: refuse it where it is written.
    out = {}
    for field, change in changes.items():
        if not isinstance(change, list | tuple) or len(change) != 2:
            raise TypeError(
                f"audit change for {field!r} must be [before, after] (audit.Change, audit.new or "
                f"audit.gone for whole values), not {change!r}"
            )
        out[str(field)] = [change[0], change[1]]
    return out


def record(actor: Any, action: str, instance: models.Model, changes: dict[str, Any] | None = None) -> AuditEntry:
    """Write one entry: ``changes`` maps each field to ``[before, after]``, whole values."""
    changes = _checked(changes or {})
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=_actor_name(actor),
        action=action,
        model=instance._meta.label,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=changes or {},
    )
