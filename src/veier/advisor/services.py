"""Writes for the advisor: saving an answer on a collaboration record."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from veier.advisor.engine import FORM_CODES, assess_payload
from veier.collaborations.models import Collaboration
from veier.collaborations.services import update_collaboration


@transaction.atomic
def save_result(collaboration: Collaboration, *, payload: dict, form: str, lang: str = "nb") -> Collaboration:
    """Store the input and the engine's answer, and record the chosen form.

    The answer is computed again from the input rather than taken from the page, so what is stored is
    always what the rules say for that input. The value is copied when the record has none yet.
    """
    if form not in FORM_CODES:
        raise ValueError(f"unknown form {form!r}")
    answer = assess_payload(payload, lang=lang)
    fields = {"assessment_input": dict(payload), "assessment": answer, "form": form}
    if collaboration.value_nok is None:
        fields["value_nok"] = Decimal(str(payload["value_nok"]))
    return update_collaboration(collaboration, **fields)
