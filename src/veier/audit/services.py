"""Writing audit events. Other apps call record() from their services, in the same transaction.

Explicit calls rather than signals: a service knows who acted, for which organisation and why,
and a rolled-back change leaves no event behind. For updates, snapshot() the fields before the
change and pass diff(before, obj) afterwards; for creations, pass the new values.
"""

from __future__ import annotations

import datetime
import decimal
import uuid

from django.db import models

from veier.audit.context import current_request_id, current_user
from veier.audit.models import AuditEvent

# Values of these fields are personal data or people's own words: the log says that they changed, not to what.
REDACTED_FIELDS = frozenset({
    "contact_email", "contact_phone", "email", "phone", "full_name", "message", "decline_reason", "contact_name",
    "password",
})
CHANGED = "[changed]"


def _plain(value):
    """A JSON-ready form of a field value: ids for model instances, lists for related managers."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.Manager):
        return sorted(_plain(pk) for pk in value.values_list("pk", flat=True))
    if isinstance(value, (list, tuple, set, frozenset, models.QuerySet)):
        items = [_plain(item) for item in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset, models.QuerySet)) else items
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "name") and hasattr(value, "url"):  # a FieldFile
        return value.name or ""
    return str(value)


def snapshot(obj: models.Model, names) -> dict:
    """The current values of the named fields of obj (many-to-many as sorted ids; none before obj is saved)."""
    values = {}
    for name in names:
        field = next((f for f in obj._meta.get_fields() if f.name == name), None)
        if obj.pk is None and field is not None and field.many_to_many:
            values[name] = []
        else:
            values[name] = _plain(getattr(obj, name, None))
    return values


def diff(before: dict, obj: models.Model) -> dict:
    """{field: [old, new]} for the fields of before whose value on obj is now different."""
    after = snapshot(obj, before)
    return {name: [before[name], after[name]] for name in before if before[name] != after[name]}


def _redact(changes: dict) -> dict:
    cleaned = {}
    for name, value in changes.items():
        if name in REDACTED_FIELDS:
            cleaned[name] = CHANGED
        elif isinstance(value, list) and len(value) == 2:
            cleaned[name] = [_plain(value[0]), _plain(value[1])]
        else:
            cleaned[name] = [None, _plain(value)]
    return cleaned


def record(actor, organisation, action: str, obj: models.Model | None = None,
           changes: dict | None = None) -> AuditEvent:
    """Append one event. actor None means «the user of the current request» (or the system, outside one).

    changes is {field: [old, new]} (from diff()) or {field: new} for a creation; redacted fields keep
    only the fact that they changed.
    """
    if actor is None:
        user = current_user.get()
        actor = user if getattr(user, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor_id=getattr(actor, "pk", None),
        organisation_id=getattr(organisation, "pk", organisation),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_label=str(obj)[:200] if obj is not None else "",
        changes=_redact(changes or {}),
        request_id=current_request_id.get(),
    )
