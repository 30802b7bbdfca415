"""Named challenges and pitches between Trondheim kommune (Kari) and Besøksvenn AS (Aslak)."""

import datetime

import pytest

from tests.conftest import make_user
from veier.challenges import services
from veier.challenges.models import Challenge
from veier.organisations.models import Membership, Organisation

PITCH = {"title": "Besøksvenner i hjemmetjenesten", "problem": "Mange eldre er ensomme.",
         "target_group": "Eldre som bor alene, rundt 200 personer.", "solution": "Faste besøksvenner hver uke.",
         "evidence": "Pilot med 40 eldre.", "cost": "300 000 kr i året.", "ask": "Et møte og en pilot."}


@pytest.fixture
def loneliness_challenge(kari, trondheim_kommune):
    """A published challenge from Trondheim about loneliness among older people."""
    return services.save_challenge(
        Challenge(public_body=trondheim_kommune), user=kari, title="Mindre ensomhet blant eldre",
        need="Flere eldre som bor hjemme, er ensomme.", contact_name="Kari Nordmann",
        contact_email="kari@trondheim.example", visibility="published", service_areas=["loneliness"],
        target_groups=["elderly"], kommuner=["5001"],
    )


@pytest.fixture
def draft_challenge(kari, trondheim_kommune):
    return services.save_challenge(
        Challenge(public_body=trondheim_kommune), user=kari, title="Hemmelig utkast",
        need="Ikke klart ennå.", contact_name="Kari", contact_email="kari@trondheim.example", visibility="draft",
        service_areas=["housing"],
    )


@pytest.fixture
def pitch(aslak, besoksvenn, loneliness_challenge, trondheim_kommune):
    return services.send_pitch(sender=besoksvenn, public_body=trondheim_kommune, user=aslak,
                               challenge=loneliness_challenge, **PITCH)


@pytest.fixture
def outsider_kommune_user(db):
    """A member of another kommune (Bergen)."""
    user = make_user("ola@bergen.example", full_name="Ola Vestlending")
    bergen = Organisation.objects.create(kind="public_body", public_body_type="kommune", name="Bergen kommune",
                                         slug="bergen-kommune", kommune_id="4601", fylke_id="46")
    Membership.objects.create(organisation=bergen, user=user, role="admin")
    return user


@pytest.fixture
def past_deadline():
    return datetime.date(2020, 1, 1)


@pytest.fixture
def besoksvenn_profile(besoksvenn):
    """Besøksvenn's public profile: loneliness and elderly care for older people in Trøndelag."""
    from veier.directory.services import ensure_profile, save_profile

    return save_profile(ensure_profile(besoksvenn), service_areas=["loneliness", "elderly-care"],
                        target_groups=["elderly"], fylker=["50"], summary="Besøksvenner for eldre som er ensomme")
