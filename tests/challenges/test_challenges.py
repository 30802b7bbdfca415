"""Posting challenges, and who sees drafts."""

import pytest

from veier.challenges.models import Challenge

pytestmark = pytest.mark.django_db

FORM = {"title": "Færre unge utenfor arbeid", "need": "Mange unge står uten jobb.", "who_it_concerns": "",
        "service_areas": ["work-inclusion"], "target_groups": ["young-adults"], "kommuner": ["5001"],
        "desired_outcomes": "", "budget_min_nok": "100000", "budget_max_nok": "500000", "timeline": "2027",
        "contact_name": "Kari Nordmann", "contact_email": "kari@trondheim.example", "interest_deadline": "",
        "visibility": "published"}


def test_a_public_body_member_posts_a_challenge(client, kari, trondheim_kommune):
    client.force_login(kari)
    response = client.post("/utfordringer/ny/", FORM)
    challenge = Challenge.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/utfordringer/{challenge.pk}/"
    assert challenge.public_body == trondheim_kommune and challenge.created_by == kari
    assert [a.code for a in challenge.service_areas.all()] == ["work-inclusion"]


def test_a_reversed_budget_is_refused_and_the_form_kept(client, kari, trondheim_kommune):
    client.force_login(kari)
    response = client.post("/utfordringer/ny/", {**FORM, "budget_min_nok": "500000", "budget_max_nok": "1000"})
    assert response.status_code == 422
    assert 'value="Færre unge utenfor arbeid"' in response.content.decode()
    assert not Challenge.objects.exists()


def test_entrepreneurs_cannot_post_challenges(client, aslak, besoksvenn):
    client.force_login(aslak)
    assert client.post("/utfordringer/ny/", FORM).status_code == 403


def test_published_challenges_are_public_pages(client, loneliness_challenge):
    response = client.get(f"/utfordringer/{loneliness_challenge.pk}/")
    assert response.status_code == 200
    assert "Mindre ensomhet blant eldre" in client.get("/utfordringer/").content.decode()


@pytest.mark.parametrize("who", ["anonymous", "aslak", "outsider_kommune_user"])
def test_drafts_are_seen_only_by_their_organisation(client, request, draft_challenge, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(f"/utfordringer/{draft_challenge.pk}/").status_code == 404
    assert client.get(f"/utfordringer/{draft_challenge.pk}/rediger/").status_code in (302, 404)
    assert "Hemmelig utkast" not in client.get("/utfordringer/").content.decode()
    assert client.get(f"/api/v1/challenges/{draft_challenge.pk}").status_code == 404
    assert client.get(f"/api/v1/challenges/{draft_challenge.pk}/matches").status_code == 404
    assert "Hemmelig utkast" not in client.get("/api/v1/challenges").content.decode()


def test_the_owner_sees_the_draft_and_its_matches(client, kari, draft_challenge, besoksvenn_profile):
    client.force_login(kari)
    assert client.get(f"/utfordringer/{draft_challenge.pk}/").status_code == 200
    assert client.get(f"/api/v1/challenges/{draft_challenge.pk}/matches").status_code == 200


def test_another_kommune_cannot_edit_a_published_challenge(client, outsider_kommune_user, loneliness_challenge):
    client.force_login(outsider_kommune_user)
    assert client.post(f"/utfordringer/{loneliness_challenge.pk}/rediger/", FORM).status_code == 403
    loneliness_challenge.refresh_from_db()
    assert loneliness_challenge.title == "Mindre ensomhet blant eldre"


def test_matches_for_a_challenge_rank_entrepreneurs_with_reasons(client, kari, loneliness_challenge,
                                                                 besoksvenn_profile):
    client.force_login(kari)
    body = client.get(f"/api/v1/challenges/{loneliness_challenge.pk}/matches").json()
    assert body["items"][0]["orgnr"] == "974760673"
    assert body["items"][0]["reasons"]


def test_an_entrepreneur_sees_open_challenges_and_front_doors_ranked_for_it(client, aslak, besoksvenn_profile,
                                                                             loneliness_challenge, kari):
    from veier.challenges import services
    from veier.challenges.models import Challenge
    from veier.directory.models import FrontDoor
    housing = services.save_challenge(
        Challenge(public_body=loneliness_challenge.public_body), user=kari, title="Flere boliger for unge",
        need="Unge trenger rimelige boliger.", contact_name="Kari", contact_email="kari@trondheim.example",
        visibility="published", service_areas=["housing"], target_groups=["young-adults"],
    )
    FrontDoor.objects.create(organisation=loneliness_challenge.public_body, service_area_id="elderly-care",
                             unit_name="Helse og velferd", contact_role="Rådgiver", decides_on="administrative")
    client.force_login(aslak)
    client.cookies["veier_language"] = "en"
    response = client.get("/utfordringer/for-oss/")
    assert response.status_code == 200
    challenges = [item.pk for item, _score, _reasons in response.context["challenges"]]
    assert challenges == [loneliness_challenge.pk, housing.pk]
    first_reasons = response.context["challenges"][0][2]
    assert any("loneliness" in reason.lower() for reason in first_reasons), first_reasons
    assert [door.unit_name for door, _s, _r in response.context["front_doors"]] == ["Helse og velferd"]
