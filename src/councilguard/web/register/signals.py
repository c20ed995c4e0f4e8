"""Every change to the register gives the register a new stamp (``RegisterStamp``), and so
does every change to a protocol version (connected by the governance app): the API keeps
members' contexts and the checker in force under the stamp.

Receivers are connected to each of the app's models by class, so the historical models a
migration uses do not fire them. A change inside a transaction changes the stamp inside
the same transaction: both are seen together, or (rolled back) neither is.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

STAMP_ID = 1


def new_stamp(**_: object) -> None:
    from .models import RegisterStamp

    stamp = uuid.uuid4().hex
    if not RegisterStamp.objects.filter(pk=STAMP_ID).update(stamp=stamp):
        RegisterStamp.objects.update_or_create(pk=STAMP_ID, defaults={"stamp": stamp})


def connect() -> None:
    connect_models(m for m in apps.get_app_config("register").get_models() if m.__name__ != "RegisterStamp")


def connect_models(models: Iterable[type[Model]]) -> None:
    """Each change to a row of these models gives the register a new stamp."""
    for model in models:
        post_save.connect(new_stamp, sender=model, dispatch_uid=f"register-stamp-save-{model._meta.label}")
        post_delete.connect(new_stamp, sender=model, dispatch_uid=f"register-stamp-delete-{model._meta.label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(new_stamp, sender=through, dispatch_uid=f"register-stamp-m2m-{through._meta.label}")


def current_stamp() -> str:
    """The register's stamp now ("" before anything was ever recorded)."""
    from .models import RegisterStamp

    return RegisterStamp.objects.filter(pk=STAMP_ID).values_list("stamp", flat=True).first() or ""
