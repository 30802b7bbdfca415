"""Named fixtures for the open-data tests: a publishing kommune, its grants and its collaborations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from veier.collaborations.models import Collaboration, Stage, StageChange
from veier.collaborations.services import create_collaboration, move_to_stage
from veier.directory.models import EntrepreneurProfile
from veier.funding.models import DeMinimisGrant
from veier.opendata.services import decide_publishing
from veier.organisations.models import Organisation
from veier.reference.models import Kommune

TRONDHEIM_ORGNR = "942110464"
BESOKSVENN_ORGNR = "974760673"
ENK_ORGNR = "912345688"  # a sole proprietorship named after its owner
UNKNOWN_FORM_ORGNR = "912345696"  # neither in the register copy nor with a profile


def at(year, month, day, hour=12) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


@pytest.fixture
def trondheim_with_orgnr(trondheim_kommune) -> Organisation:
    trondheim_kommune.orgnr = TRONDHEIM_ORGNR
    trondheim_kommune.save()
    return trondheim_kommune


@pytest.fixture
def publishing_trondheim(trondheim_with_orgnr, kari) -> Organisation:
    """Trondheim kommune, which has chosen to publish both grants and contracts."""
    decide_publishing(trondheim_with_orgnr, grants=True, contracts=True, decided_by=kari)
    return trondheim_with_orgnr


@pytest.fixture
def besoksvenn_as(besoksvenn) -> Organisation:
    """Besøksvenn AS, a limited company: its name may be published."""
    EntrepreneurProfile.objects.create(organisation=besoksvenn, organisation_form="AS")
    return besoksvenn


@pytest.fixture
def kari_omsorg(trondheim) -> Organisation:
    """A sole proprietorship (ENK), named after its owner Kari Hansen."""
    organisation = Organisation.objects.create(
        kind="social_entrepreneur", name="Kari Hansen Omsorg", slug="kari-hansen-omsorg", orgnr=ENK_ORGNR,
        kommune=trondheim, fylke=trondheim.fylke,
    )
    EntrepreneurProfile.objects.create(organisation=organisation, organisation_form="ENK")
    return organisation


@pytest.fixture
def bergen_kommune(db) -> Organisation:
    """Another public body, which has not decided anything about open data."""
    bergen = Kommune.objects.get(number="4601")
    return Organisation.objects.create(
        kind="public_body", public_body_type="kommune", name="Bergen kommune", slug="bergen-kommune",
        orgnr="964965226", kommune=bergen, fylke=bergen.fylke,
    )


def record_grant(public_body, *, orgnr=BESOKSVENN_ORGNR, name="Besøksvenn AS", amount="1000000",
                 granted_on=date(2025, 3, 1), purpose="Oppstart av besøkstjeneste", kind="general") -> DeMinimisGrant:
    return DeMinimisGrant.objects.create(
        public_body=public_body, orgnr=orgnr, recipient_name=name, granted_on=granted_on,
        amount_nok=Decimal(amount), eur_rate=Decimal("11.5"), legal_basis="Forordning (EU) 2023/2831",
        kind=kind, purpose=purpose,
    )


def collaboration(public_body, entrepreneurs, *, form="pilot_agreement", stage=Stage.IDEA, value="450000",
                  title="Besøksvenn for eldre", description="Besøk til eldre som bor alene.", start=date(2025, 4, 1),
                  end=date(2025, 12, 31), stages=(), assessment=None, created_by=None) -> Collaboration:
    """A collaboration created at ``stage``, then moved through ``stages`` as (stage, moment) pairs."""
    item = create_collaboration(
        title=title, public_body=public_body, entrepreneurs=entrepreneurs, created_by=created_by, form=form,
        value_nok=Decimal(value) if value is not None else None, description=description, start_date=start,
        end_date=end, stage=stage, assessment=assessment,
    )
    StageChange.objects.filter(collaboration=item).update(changed_at=at(2025, 1, 10))
    for next_stage, moment in stages:
        move_to_stage(item, next_stage, changed_by=created_by)
        StageChange.objects.filter(collaboration=item, stage=next_stage).update(changed_at=moment)
    return item
