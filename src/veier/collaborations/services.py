"""Writes for collaborations: creating them and moving them through their stages."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from veier.audit import services as audit
from veier.collaborations.models import Collaboration, Stage, StageChange


@transaction.atomic
def create_collaboration(*, title: str, public_body, entrepreneurs=(), created_by=None, **fields) -> Collaboration:
    collaboration = Collaboration(title=title, public_body=public_body, created_by=created_by, **fields)
    collaboration.full_clean()
    collaboration.save()
    collaboration.entrepreneurs.set(list(entrepreneurs))
    StageChange.objects.create(collaboration=collaboration, stage=collaboration.stage, changed_by=created_by)
    audit.record(created_by, public_body, "collaboration.created", collaboration, {"title": title, **fields})
    return collaboration


@transaction.atomic
def move_to_stage(collaboration: Collaboration, stage: str, *, changed_by=None, note: str = "") -> Collaboration:
    if stage not in Stage.values:
        raise ValueError(f"unknown stage {stage!r}")
    audit.record(changed_by, collaboration.public_body_id, "collaboration.stage", collaboration,
                 {"stage": [collaboration.stage, stage]})
    collaboration.stage = stage
    collaboration.updated_at = timezone.now()
    collaboration.save(update_fields=["stage", "updated_at"])
    StageChange.objects.create(collaboration=collaboration, stage=stage, changed_by=changed_by, note=note)
    return collaboration


@transaction.atomic
def update_collaboration(collaboration: Collaboration, *, entrepreneurs=None, **fields) -> Collaboration:
    before = audit.snapshot(collaboration, [*fields, *(["entrepreneurs"] if entrepreneurs is not None else [])])
    for name, value in fields.items():
        setattr(collaboration, name, value)
    collaboration.updated_at = timezone.now()
    collaboration.full_clean()
    collaboration.save()
    if entrepreneurs is not None:
        collaboration.entrepreneurs.set(list(entrepreneurs))
    audit.record(None, collaboration.public_body_id, "collaboration.updated", collaboration,
                 audit.diff(before, collaboration))
    return collaboration
