"""Writes for open data: a public body's decision to publish, or to stop publishing."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from veier.audit import services as audit
from veier.opendata.models import PublishingDecision
from veier.organisations.models import Organisation


class PublishingError(ValueError):
    """The decision cannot be recorded; the message says why."""


@transaction.atomic
def decide_publishing(public_body: Organisation, *, grants: bool, contracts: bool,
                      decided_by=None) -> PublishingDecision:
    """Record which kinds of records the public body publishes as open data, in the audit log too.

    Publishing needs the body's organisation number: the exports identify every organisation by
    it. Stopping to publish never does, so a body can always opt out.
    """
    if not public_body.is_public_body:
        raise PublishingError("only public bodies publish open data from Veier")
    if (grants or contracts) and not public_body.orgnr:
        raise PublishingError("a public body needs its organisation number before it can publish open data")
    decision, _created = PublishingDecision.objects.select_for_update().get_or_create(public_body=public_body)
    before = {"grants": decision.grants, "contracts": decision.contracts}
    decision.grants, decision.contracts = grants, contracts
    decision.decided_by = decided_by
    decision.decided_at = timezone.now()
    decision.save()
    changes = {name: [before[name], value] for name, value in (("grants", grants), ("contracts", contracts))
               if before[name] != value}
    audit.record(decided_by, public_body, "opendata.publishing", decision, changes)
    return decision
