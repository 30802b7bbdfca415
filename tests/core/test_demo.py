"""The demo data used by `make run`."""

import pytest
from django.core.management import call_command

from veier.accounts.models import User
from veier.challenges.models import Challenge, Pitch, PitchEvent
from veier.collaborations.models import Collaboration
from veier.core.demo import DEMO_ORGANISATIONS, DEMO_PASSWORD
from veier.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def test_loaddemo_is_idempotent(capsys):
    call_command("loaddemo")
    call_command("loaddemo")
    assert Organisation.objects.count() == len(DEMO_ORGANISATIONS)
    assert User.objects.count() == len(DEMO_ORGANISATIONS) + 1
    assert Membership.objects.count() == len(DEMO_ORGANISATIONS)
    assert (Challenge.objects.count(), Pitch.objects.count(), Collaboration.objects.count()) == (1, 1, 1)
    assert PitchEvent.objects.count() == 3


def test_demo_users_can_log_in_with_the_documented_password(client):
    call_command("loaddemo")
    response = client.post("/konto/logg-inn/", {"username": "trondheim@demo.veier.no", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_demo_organisation_numbers_pass_the_mod11_check():
    from stdnum.no import orgnr

    for item in DEMO_ORGANISATIONS:
        assert item.orgnr == "" or orgnr.is_valid(item.orgnr)
