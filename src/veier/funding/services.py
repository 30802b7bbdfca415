"""Writes for funding: recording de minimis aid."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from veier.funding.models import DeMinimisGrant
from veier.organisations.models import Organisation


@transaction.atomic
def record_grant(*, public_body: Organisation, orgnr: str, recipient_name: str, granted_on, amount_nok: Decimal,
                 eur_rate: Decimal, legal_basis: str, kind: str, purpose: str = "", created_by=None) -> DeMinimisGrant:
    """Record aid the public body has given. The form has already warned about the ceiling; the register
    records what was decided even when it exceeds the ceiling, so that the excess is visible."""
    if not public_body.is_public_body:
        raise ValueError("only public bodies record de minimis aid")
    grant = DeMinimisGrant(public_body=public_body, orgnr=orgnr, recipient_name=recipient_name, granted_on=granted_on,
                           amount_nok=amount_nok, eur_rate=eur_rate, legal_basis=legal_basis, kind=kind,
                           purpose=purpose, created_by=created_by)
    grant.full_clean()
    grant.save()
    return grant
