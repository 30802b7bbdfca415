"""Writes for the case library: consent to publish a collaboration, and publishing it when every party agrees."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from veier.cases.models import Case, PublicationConsent
from veier.collaborations.models import Collaboration, Stage
from veier.organisations.models import Organisation
from veier.organisations.selectors import is_admin

PUBLISHABLE_STAGES = frozenset({Stage.EVALUATED, Stage.SCALED})


class ConsentError(Exception):
    pass


def parties(collaboration: Collaboration) -> list[Organisation]:
    return [collaboration.public_body, *collaboration.entrepreneurs.order_by("name")]


@transaction.atomic
def consent(collaboration: Collaboration, organisation: Organisation, user, *, results: str = "",
            lessons: str = "") -> Case | None:
    """Record the organisation's consent; publish when it is the last party's. Returns the case if published."""
    if collaboration.stage not in PUBLISHABLE_STAGES:
        raise ConsentError("only evaluated collaborations can be published")
    if organisation not in parties(collaboration):
        raise ConsentError("the organisation is not a party to the collaboration")
    if not is_admin(user, organisation):
        raise ConsentError("only an administrator may consent for the organisation")
    PublicationConsent.objects.update_or_create(
        collaboration=collaboration, organisation=organisation,
        defaults={"consented_by": user, "consented_at": timezone.now(), "results": results, "lessons": lessons},
    )
    return publish_if_agreed(collaboration)


@transaction.atomic
def withdraw(collaboration: Collaboration, organisation: Organisation, user) -> None:
    """Any party may withdraw; the case is then taken down."""
    if organisation not in parties(collaboration):
        raise ConsentError("the organisation is not a party to the collaboration")
    if not is_admin(user, organisation):
        raise ConsentError("only an administrator may withdraw consent for the organisation")
    PublicationConsent.objects.filter(collaboration=collaboration, organisation=organisation).delete()
    Case.objects.filter(collaboration=collaboration).update(published=False)


def publish_if_agreed(collaboration: Collaboration) -> Case | None:
    consents = {c.organisation_id: c for c in collaboration.publication_consents.all()}
    if any(party.pk not in consents for party in parties(collaboration)):
        return None
    body = collaboration.public_body
    kommune = body.kommune
    months = None
    if collaboration.start_date and collaboration.end_date:
        months = (collaboration.end_date.year - collaboration.start_date.year) * 12 + (
            collaboration.end_date.month - collaboration.start_date.month)
    texts = lambda name: "\n\n".join(getattr(c, name) for c in consents.values() if getattr(c, name))  # noqa: E731
    case, _created = Case.objects.update_or_create(collaboration=collaboration, defaults={
        "slug": f"veier-{collaboration.pk}-{slugify(collaboration.title)[:60]}",
        "origin": Case.Origin.PLATFORM, "title": collaboration.title, "public_body": body.name,
        "entrepreneurs": [e.name for e in collaboration.entrepreneurs.order_by("name")],
        "kommune": kommune, "fylke": kommune.fylke if kommune else body.fylke,
        "service_area": collaboration.service_area, "form": collaboration.form,
        "money": "", "money_nok": collaboration.value_nok,
        "duration": f"{months} months" if months is not None else "",
        "summary": collaboration.description or collaboration.title,
        "results": texts("results"), "lessons": texts("lessons"),
        "source": "Veier", "source_detail": "", "published": True, "published_at": timezone.now(),
    })
    return case
