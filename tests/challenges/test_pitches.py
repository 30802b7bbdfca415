"""Pitches: sending, reading, messages both ways, declining with a reason, and becoming a collaboration."""

import pytest
from django.core import mail
from django.utils import translation

from tests.challenges.conftest import PITCH
from veier.challenges.models import Pitch

pytestmark = pytest.mark.django_db


def test_an_entrepreneur_pitches_to_a_challenge_and_the_kommune_is_notified(
        client, aslak, kari, besoksvenn, loneliness_challenge, send_mail_on_commit):
    client.force_login(aslak)
    response = send_mail_on_commit(client.post, f"/utfordringer/{loneliness_challenge.pk}/pitch/", PITCH)
    pitch = Pitch.objects.get()
    assert response.status_code == 302
    assert (pitch.sender, pitch.public_body, pitch.state) == (besoksvenn, loneliness_challenge.public_body, "sent")
    assert [m.to for m in mail.outbox] == [[kari.email]]
    assert pitch.title in mail.outbox[0].subject


def test_pitching_to_a_closed_challenge_is_refused_politely(client, aslak, besoksvenn, loneliness_challenge,
                                                             past_deadline):
    loneliness_challenge.interest_deadline = past_deadline
    loneliness_challenge.save()
    client.force_login(aslak)
    response = client.post(f"/utfordringer/{loneliness_challenge.pk}/pitch/", PITCH)
    assert response.status_code == 409
    assert "Takk for interessen" in response.content.decode()
    assert not Pitch.objects.exists()


def test_an_incomplete_pitch_keeps_what_was_typed(client, aslak, besoksvenn, loneliness_challenge):
    client.force_login(aslak)
    response = client.post(f"/utfordringer/{loneliness_challenge.pk}/pitch/", {**PITCH, "ask": ""})
    assert response.status_code == 422
    assert "Faste besøksvenner hver uke." in response.content.decode()
    assert not Pitch.objects.exists()


def test_an_unsolicited_pitch_goes_to_a_front_door(client, aslak, besoksvenn, trondheim_kommune):
    client.force_login(aslak)
    response = client.post(f"/utfordringer/pitch/til/{trondheim_kommune.slug}/",
                           {**PITCH, "service_area": "elderly-care"})
    assert response.status_code == 302
    pitch = Pitch.objects.get()
    assert pitch.challenge is None and pitch.service_area_id == "elderly-care"


def test_opening_the_pitch_marks_it_read_for_the_kommune_only(client, aslak, kari, pitch):
    client.force_login(aslak)
    client.get(f"/utfordringer/pitcher/{pitch.pk}/")
    pitch.refresh_from_db()
    assert pitch.state == "sent"
    client.force_login(kari)
    client.get(f"/utfordringer/pitcher/{pitch.pk}/")
    pitch.refresh_from_db()
    assert pitch.state == "read"


def test_messages_go_both_ways_with_notifications(client, aslak, kari, pitch, send_mail_on_commit):
    client.force_login(kari)
    send_mail_on_commit(client.post, f"/utfordringer/pitcher/{pitch.pk}/melding/", {"message": "Kan dere møte?"})
    client.force_login(aslak)
    send_mail_on_commit(client.post, f"/utfordringer/pitcher/{pitch.pk}/melding/", {"message": "Ja, tirsdag."})
    assert [e.message for e in pitch.events.exclude(message="")] == ["Kan dere møte?", "Ja, tirsdag."]
    assert [m.to for m in mail.outbox] == [[aslak.email], [kari.email]]


def test_an_empty_message_is_refused(client, kari, pitch):
    client.force_login(kari)
    assert client.post(f"/utfordringer/pitcher/{pitch.pk}/melding/", {"message": ""}).status_code == 422


def test_declining_needs_a_reason_the_entrepreneur_sees(client, aslak, kari, pitch, send_mail_on_commit):
    client.force_login(kari)
    assert client.post(f"/utfordringer/pitcher/{pitch.pk}/status/", {"state": "declined"}).status_code == 422
    send_mail_on_commit(client.post, f"/utfordringer/pitcher/{pitch.pk}/status/",
                        {"state": "declined", "reason": "Vi har ikke budsjett i år."})
    pitch.refresh_from_db()
    assert pitch.state == "declined"
    client.force_login(aslak)
    assert "Vi har ikke budsjett i år." in client.get(f"/utfordringer/pitcher/{pitch.pk}/").content.decode()
    assert "Vi har ikke budsjett i år." in mail.outbox[-1].body


def test_a_pitch_becomes_a_collaboration(client, kari, pitch, besoksvenn):
    client.force_login(kari)
    client.post(f"/utfordringer/pitcher/{pitch.pk}/status/", {"state": "dialogue"})
    client.post(f"/utfordringer/pitcher/{pitch.pk}/status/", {"state": "collaboration"})
    pitch.refresh_from_db()
    collaboration = pitch.collaboration
    assert pitch.state == "collaboration"
    assert collaboration.public_body == pitch.public_body
    assert list(collaboration.entrepreneurs.all()) == [besoksvenn]
    assert collaboration.service_area_id == "loneliness"


def test_a_declined_pitch_cannot_be_reopened(client, kari, pitch):
    client.force_login(kari)
    client.post(f"/utfordringer/pitcher/{pitch.pk}/status/", {"state": "declined", "reason": "Nei."})
    assert client.post(f"/utfordringer/pitcher/{pitch.pk}/status/", {"state": "dialogue"}).status_code == 422


def test_only_the_kommune_moves_the_pitch(client, aslak, pitch):
    client.force_login(aslak)
    assert client.post(f"/utfordringer/pitcher/{pitch.pk}/status/", {"state": "dialogue"}).status_code == 403


@pytest.mark.parametrize("who", ["anonymous", "outsider_kommune_user", "other_entrepreneur"])
def test_a_pitch_is_seen_only_by_sender_and_addressed_body(client, request, pitch, who):
    from tests.conftest import make_user
    from veier.organisations.models import Membership, Organisation

    if who == "other_entrepreneur":
        user = make_user("annen@example.no")
        org = Organisation.objects.create(kind="social_entrepreneur", name="Annen AS", slug="annen-as")
        Membership.objects.create(organisation=org, user=user, role="admin")
        client.force_login(user)
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    expected = 302 if who == "anonymous" else 404
    assert client.get(f"/utfordringer/pitcher/{pitch.pk}/").status_code == expected
    assert client.post(f"/utfordringer/pitcher/{pitch.pk}/melding/", {"message": "Hei"}).status_code == expected
    assert client.post(f"/utfordringer/pitcher/{pitch.pk}/status/", {"state": "dialogue"}).status_code == expected
    if who != "anonymous":
        assert pitch.title not in client.get("/utfordringer/pitcher/").content.decode()
    assert client.get(f"/api/v1/pitches/{pitch.pk}").status_code in (401, 404)


def test_notifications_are_written_in_the_recipients_language(client, aslak, kari, pitch, send_mail_on_commit):
    kari.language = "en"
    kari.save()
    client.force_login(aslak)
    send_mail_on_commit(client.post, f"/utfordringer/pitcher/{pitch.pk}/melding/", {"message": "Hei!"})
    with translation.override("en"):
        assert mail.outbox[-1].subject.startswith("New message about")
