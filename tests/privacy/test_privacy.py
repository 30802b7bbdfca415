"""Privacy: the privacy page, downloading one's data, deleting one's account, retention of declined pitches."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import PASSWORD, make_user
from veier.audit.models import AuditEvent
from veier.challenges import services as challenges
from veier.challenges.models import Pitch, PitchEvent
from veier.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["veier_language"] = "en"
    return client


def test_the_privacy_page_is_public_and_plain(english):
    response = english.get("/personvern/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "What we store about you" in html and "Datatilsynet" in html


def test_download_requires_login(client):
    response = client.get("/konto/mine-data.json")
    assert response.status_code == 302 and "/konto/logg-inn/" in response["Location"]


def test_a_user_downloads_everything_about_them(client, aslak, kari, pitch, besoksvenn):
    challenges.post_message(pitch, user=aslak, message="Vi kan komme på tirsdag.")
    challenges.post_message(pitch, user=kari, message="Kari skrev dette.")
    client.force_login(aslak)
    response = client.get("/konto/mine-data.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == "aslak@besoksvenn.example"
    assert data["profile"]["full_name"] == "Aslak Gründer"
    assert data["memberships"] == [{"organisation__name": "Besøksvenn AS", "organisation__slug": "besoksvenn-as",
                                    "role": "admin", "created_at": data["memberships"][0]["created_at"]}]
    assert [p["title"] for p in data["pitches_written"]] == [pitch.title]
    assert [m["message"] for m in data["messages_written"]] == ["Vi kan komme på tirsdag."]
    assert {e["action"] for e in data["audit_events"]} == {"pitch.sent", "pitch.message"}
    assert "Kari skrev dette." not in response.content.decode()


def test_deleting_needs_the_password(english, aslak, pitch):
    english.force_login(aslak)
    assert english.get("/konto/slett/").status_code == 200
    response = english.post("/konto/slett/", {"password": "wrong-password-1"})
    assert response.status_code == 422
    assert "The password is not right." in response.content.decode()
    assert type(aslak).objects.filter(pk=aslak.pk).exists()


def test_deleting_keeps_what_the_other_party_needs_without_the_person(client, aslak, kari, pitch, besoksvenn,
                                                                      trondheim_kommune):
    challenges.post_message(pitch, user=aslak, message="Vi kan komme på tirsdag.")
    aslak_id = aslak.pk
    client.force_login(aslak)
    response = client.post("/konto/slett/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not type(aslak).objects.filter(pk=aslak_id).exists()
    assert "_auth_user_id" not in client.session
    pitch.refresh_from_db()
    assert pitch.created_by is None and pitch.title
    message = PitchEvent.objects.get(message="Vi kan komme på tirsdag.")
    assert message.author is None and message.author_organisation == besoksvenn
    assert not Membership.objects.filter(user_id=aslak_id).exists()
    # Aslak was the only member, so Besøksvenn is left without members (platform staff can invite one).
    assert Organisation.objects.filter(pk=besoksvenn.pk).exists()
    assert AuditEvent.objects.filter(actor_id=aslak_id, action="account.deleted").exists()
    # Kari, the other party, still sees the pitch and the message.
    client.force_login(kari)
    html = client.get(pitch.get_absolute_url()).content.decode()
    assert "Vi kan komme på tirsdag." in html


def test_the_only_admin_of_an_organisation_with_members_must_hand_over_first(english, kari, trondheim_kommune):
    colleague = make_user("kollega@trondheim.example")
    Membership.objects.create(organisation=trondheim_kommune, user=colleague, role=Membership.Role.MEMBER)
    english.force_login(kari)
    html = english.get("/konto/slett/").content.decode()
    assert "You are the only administrator" in html and "Trondheim kommune" in html
    assert english.post("/konto/slett/", {"password": PASSWORD}).status_code == 409
    assert type(kari).objects.filter(pk=kari.pk).exists()
    Membership.objects.filter(user=colleague).update(role=Membership.Role.ADMIN)
    assert english.post("/konto/slett/", {"password": PASSWORD}).status_code == 302
    assert list(trondheim_kommune.memberships.values_list("user__email", flat=True)) == ["kollega@trondheim.example"]


def test_declined_pitches_are_purged_after_the_retention_period(kari, pitch, capsys):
    challenges.post_message(pitch, user=kari, message="Spørsmål")
    challenges.move_pitch(pitch, "declined", user=kari, reason="Ikke i år.")
    old = timezone.now() - datetime.timedelta(days=400)
    Pitch.objects.filter(pk=pitch.pk).update(updated_at=old)
    open_pitch = Pitch.objects.create(sender=pitch.sender, public_body=pitch.public_body, title="Åpen",
                                      problem="p", target_group="t", solution="s", ask="a", updated_at=old)
    recent = Pitch.objects.create(sender=pitch.sender, public_body=pitch.public_body, title="Nylig avslått",
                                  problem="p", target_group="t", solution="s", ask="a", state="declined")

    call_command("purge_declined_pitches", "--days", "365", "--dry-run")
    assert "Would delete 1 declined pitch(es)" in capsys.readouterr().out
    assert Pitch.objects.filter(pk=pitch.pk).exists()

    call_command("purge_declined_pitches", "--days", "365")
    assert "Deleted 1 declined pitch(es) older than 365 days." in capsys.readouterr().out
    assert not Pitch.objects.filter(pk=pitch.pk).exists()
    assert not PitchEvent.objects.filter(pitch_id=pitch.pk).exists()
    assert set(Pitch.objects.values_list("pk", flat=True)) == {open_pitch.pk, recent.pk}
    assert AuditEvent.objects.filter(action="pitch.purged", object_id=str(pitch.pk)).exists()


def test_the_purge_command_is_reachable_with_hyphens(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'help.sqlite3'}"}
    result = subprocess.run([sys.executable, "-m", "veier", "purge-declined-pitches", "--help"],
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert "--days" in result.stdout
