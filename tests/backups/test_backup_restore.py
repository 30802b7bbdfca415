"""`veier backup` and `veier restore` round-trip the whole database on SQLite and on PostgreSQL.

The suite runs on both engines (DATABASE_URL), so each run proves the round trip for its engine.
"""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from tests.conftest import make_user
from veier.challenges.models import Pitch, PitchEvent
from veier.organisations.models import Membership, Organisation
from veier.reference.models import Kommune

pytestmark = pytest.mark.django_db(transaction=True)


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.managed}


def make_data():
    trondheim = Kommune.objects.get(number="5001")
    kari = make_user("kari@trondheim.example", full_name="Kari Nordmann")
    body = Organisation.objects.create(kind="public_body", public_body_type="kommune", name="Trondheim kommune",
                                       slug="trondheim-kommune", kommune=trondheim)
    entrepreneur = Organisation.objects.create(kind="social_entrepreneur", name="Besøksvenn AS",
                                               slug="besoksvenn-as", orgnr="974760673")
    Membership.objects.create(organisation=body, user=kari, role=Membership.Role.ADMIN)
    pitch = Pitch.objects.create(sender=entrepreneur, public_body=body, title="Besøksvenner «æøå»", problem="p",
                                 target_group="t", solution="s", ask="a", created_by=kari)
    PitchEvent.objects.create(pitch=pitch, author=kari, message="Hei – velkommen ✓")
    return kari, pitch


def test_a_round_trip_loses_nothing(tmp_path, capsys):
    kari, pitch = make_data()
    before = counts()
    kommune_name = Kommune.objects.get(number="5001").name
    target = tmp_path / "veier.backup"

    call_command("backup", str(target))
    assert f"Backed up the {connection.vendor} database to {target}." in capsys.readouterr().out
    assert target.stat().st_size > 0

    # Change and delete things after the backup.
    Pitch.objects.filter(pk=pitch.pk).update(title="Endret")
    PitchEvent.objects.all().delete()
    Membership.objects.all().delete()
    make_user("ny@example.no")
    Kommune.objects.filter(number="5001").update(name="Feil")

    call_command("restore", str(target))
    assert f"Restored the {connection.vendor} database" in capsys.readouterr().out
    assert counts() == before
    assert Pitch.objects.get(pk=pitch.pk).title == "Besøksvenner «æøå»"
    assert PitchEvent.objects.get().message == "Hei – velkommen ✓"
    assert Membership.objects.get().user_id == kari.pk
    assert Kommune.objects.get(number="5001").name == kommune_name
    assert not type(kari).objects.filter(email="ny@example.no").exists()
    # New rows after a restore get fresh ids (PostgreSQL's sequences are restored as well).
    assert make_user("etterpå@example.no").pk > kari.pk


def test_restoring_something_that_is_not_a_backup_fails_clearly(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a backup at all")
    with pytest.raises(CommandError, match="is not an? .*backup"):
        call_command("restore", str(junk))
    with pytest.raises(CommandError, match="no backup file at"):
        call_command("restore", str(tmp_path / "missing.backup"))


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_missing_postgresql_tools_give_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError) as error:
        call_command("backup", str(tmp_path / "x.backup"))
    assert str(error.value).startswith("pg_dump is not installed: install the PostgreSQL client tools")
    assert "\n" not in str(error.value)
