"""The audit log: services write who changed what, it cannot be altered, and only admins read it."""

import json

import pytest

from tests.conftest import make_user
from veier.audit import services as audit
from veier.audit.models import AppendOnlyError, AuditEvent
from veier.challenges import services as challenges
from veier.collaborations import services as collaborations
from veier.directory import services as directory
from veier.directory.models import FrontDoor
from veier.impact import services as impact
from veier.organisations.models import Membership
from veier.reference.models import ServiceArea

pytestmark = pytest.mark.django_db

DOOR = {"service_area": "elderly-care", "unit_name": "Helse og velferd", "contact_role": "Innovasjonsrådgiver",
        "contact_name": "Kari Nordmann", "decides_on": "administrative", "how_to_pitch": "Tirsdager",
        "budget_cycle": "", "open_meetings": "", "email": "innovasjon@trondheim.example", "phone": ""}


def actions(organisation) -> list[str]:
    return list(AuditEvent.objects.filter(organisation_id=organisation.pk).order_by("id").values_list("action",
                                                                                                    flat=True))


def test_a_challenge_edit_records_old_and_new_values_without_personal_data(kari, loneliness_challenge,
                                                                           trondheim_kommune):
    challenges.save_challenge(loneliness_challenge, user=kari, title="Færre ensomme eldre",
                              contact_email="ny@trondheim.example")
    event = AuditEvent.objects.filter(action="challenge.updated").get()
    assert event.actor_id == kari.pk and event.organisation_id == trondheim_kommune.pk
    assert event.object_type == "challenges.challenge" and event.object_id == str(loneliness_challenge.pk)
    assert event.changes == {"title": ["Mindre ensomhet blant eldre", "Færre ensomme eldre"],
                             "contact_email": "[changed]"}
    assert "@" not in json.dumps([e.changes for e in AuditEvent.objects.all()])


def test_pitches_and_their_messages_are_logged_for_the_acting_side(kari, aslak, pitch, besoksvenn,
                                                                   trondheim_kommune):
    challenges.post_message(pitch, user=kari, message="Kan vi møtes?")
    challenges.move_pitch(pitch, "declined", user=kari, reason="Ikke nå.")
    assert actions(besoksvenn) == ["pitch.sent"]
    assert actions(trondheim_kommune) == ["challenge.created", "pitch.message", "pitch.moved"]
    message = AuditEvent.objects.get(action="pitch.message")
    assert message.changes == {"message": "[changed]"}
    assert AuditEvent.objects.get(action="pitch.moved").changes == {"state": [None, "declined"]}


def test_profiles_front_doors_collaborations_and_analyses_are_logged(kari, aslak, besoksvenn, trondheim_kommune):
    profile = directory.ensure_profile(besoksvenn)
    directory.save_profile(profile, changed_by=aslak, summary="Besøksvenner for eldre")
    door = directory.save_front_door(FrontDoor(organisation=trondheim_kommune),
                                     **{**DOOR, "service_area": ServiceArea.objects.get(code="elderly-care")})
    directory.save_front_door(door, unit_name="Velferd")
    directory.delete_front_door(door)
    collaboration = collaborations.create_collaboration(title="Besøksvenn", public_body=trondheim_kommune,
                                                        entrepreneurs=[besoksvenn], created_by=kari)
    collaborations.move_to_stage(collaboration, "pilot", changed_by=kari)
    analysis = impact.create_analysis(organisation=besoksvenn, created_by=aslak, title="Effekt",
                                      investment_nok=100_000)
    impact.update_analysis(analysis, title="Effekt 2026")

    assert actions(besoksvenn) == ["profile.saved", "analysis.created", "analysis.updated"]
    assert actions(trondheim_kommune) == ["front_door.created", "front_door.updated", "front_door.deleted",
                                          "collaboration.created", "collaboration.stage"]
    assert AuditEvent.objects.get(action="profile.saved").changes["summary"] == ["", "Besøksvenner for eldre"]
    assert AuditEvent.objects.get(action="front_door.updated").changes == {
        "unit_name": ["Helse og velferd", "Velferd"]}
    assert AuditEvent.objects.get(action="analysis.updated").changes == {"title": ["Effekt", "Effekt 2026"]}
    assert AuditEvent.objects.get(action="collaboration.stage").changes["stage"][1] == "pilot"


def test_a_failed_change_leaves_no_event(kari, loneliness_challenge):
    with pytest.raises(Exception):  # noqa: B017,PT011 - the validation error itself is not the point
        challenges.save_challenge(loneliness_challenge, user=kari, title="")
    assert not AuditEvent.objects.filter(action="challenge.updated").exists()


def test_events_cannot_be_changed_or_deleted(kari, trondheim_kommune):
    event = audit.record(kari, trondheim_kommune, "test.done")
    event.action = "test.undone"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().action == "test.done"


def test_the_event_survives_its_actor_and_carries_the_request_id(client, kari, trondheim_kommune):
    client.force_login(kari)
    response = client.post(f"/kontaktpunkter/{trondheim_kommune.slug}/", DOOR, HTTP_X_REQUEST_ID="req-1234567890")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="front_door.created")
    # The actor comes from the request, as save_front_door takes no user.
    assert event.actor_id == kari.pk and event.request_id == "req-1234567890"
    assert response["X-Request-ID"] == "req-1234567890"
    kari_id = kari.pk
    Membership.objects.filter(user=kari).delete()
    kari.delete()
    assert AuditEvent.objects.get(action="front_door.created").actor_id == kari_id


def test_only_admins_and_staff_see_the_organisation_log(client, kari, aslak, trondheim_kommune, loneliness_challenge):
    url = f"/aktorer/{trondheim_kommune.slug}/logg/"
    assert client.get(url).status_code == 302  # to the login page
    member = make_user("medlem@trondheim.example")
    Membership.objects.create(organisation=trondheim_kommune, user=member, role=Membership.Role.MEMBER)
    for outsider in (aslak, member):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
    client.force_login(make_user("staff@veier.example", is_staff=True))
    assert client.get(url).status_code == 200
    client.force_login(kari)
    client.cookies["veier_language"] = "en"
    html = client.get(url).content.decode()
    assert "Change log for Trondheim kommune" in html
    assert "challenge.created" in html and "Kari Nordmann" in html
    assert client.get("/aktorer/finnes-ikke/logg/").status_code == 404


def test_the_admin_is_read_only(client, kari, trondheim_kommune):
    event = audit.record(kari, trondheim_kommune, "test.done")
    client.force_login(make_user("root@veier.example", is_staff=True, is_superuser=True))
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 200
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
