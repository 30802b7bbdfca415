"""POST /api/v1/match: anonymous matching with reasons, and a clear 422 for every kind of bad input."""

import pytest
from openapi_spec_validator import validate

from veier.directory.services import save_profile

pytestmark = pytest.mark.django_db

NEED = "Mange eldre sitter alene hjemme og ønsker besøk og noen å drikke kaffe med."


def post(client, **payload):
    return client.post("/api/v1/match", {"text": NEED, **payload}, content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE="en")


def test_anyone_gets_ranked_entrepreneurs_with_scores_and_reasons(client, directory):
    response = post(client, kommune="5001", service_areas=["elderly-care"], target_groups=["elderly"], limit=2)
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["orgnr"] for item in items] == ["974760673", "988588261"]
    first = items[0]
    assert set(first) == {"orgnr", "name", "score", "reasons"}
    assert first["name"] == "Besøksvenn AS" and 0 < items[1]["score"] < first["score"] <= 1
    assert first["reasons"][:3] == ["service area: elderly care", "target group: older people", "works in Trøndelag"]
    assert items[1]["reasons"] == ["works in the whole country"]


def test_reasons_follow_the_language_of_the_request(client, besoksvenn):
    response = client.post("/api/v1/match", {"text": NEED, "service_areas": ["elderly-care"]},
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE="nb")
    assert response.json()["items"][0]["reasons"][0].endswith("eldreomsorg")


def test_only_text_is_required(client, directory):
    response = client.post("/api/v1/match", {"text": NEED}, content_type="application/json")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 3


def test_hidden_profiles_are_not_matched(client, directory):
    save_profile(directory["besoksvenn"], is_public=False)
    assert "974760673" not in [item["orgnr"] for item in post(client).json()["items"]]


def test_an_empty_directory_gives_an_empty_list(client, db):
    assert post(client).json() == {"items": []}


@pytest.mark.parametrize(("payload", "message"), [
    ({"text": ""}, "text: must not be empty"),
    ({"text": "   \n"}, "text: must not be empty"),
    ({"text": "x" * 5001}, "text: must be at most 5000 characters (got 5001)"),
    ({"service_areas": ["elderly-care", "space-travel"]}, "service_areas: unknown code(s) space-travel"),
    ({"target_groups": ["martians"]}, "target_groups: unknown code(s) martians"),
    ({"kommune": "9999"}, "kommune: 9999 is not a kommune number"),
    ({"kommune": "Trondheim"}, "kommune: Trondheim is not a kommune number"),
    ({"kommune": "1507"}, "kommune: 1507 was split; give one of 1508, 1580"),
    ({"limit": 0}, "limit: must be between 1 and 50"),
    ({"limit": 51}, "limit: must be between 1 and 50"),
])
def test_bad_input_is_a_422_naming_the_field(client, directory, payload, message):
    response = post(client, **payload)
    assert response.status_code == 422
    assert response.json() == {"detail": message}


@pytest.mark.parametrize("payload", [{}, {"text": ["a list"]}, {"text": NEED, "limit": "many"},
                                     {"text": NEED, "service_areas": "elderly-care"}])
def test_a_malformed_body_is_a_422_pointing_at_the_field(client, db, payload):
    response = client.post("/api/v1/match", payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] in {"text", "limit", "service_areas"}


def test_an_old_kommune_number_that_became_one_kommune_is_understood(client, directory):
    response = post(client, kommune="5001")
    assert response.status_code == 200


def test_the_openapi_document_stays_valid_and_describes_the_route(client):
    document = client.get("/api/v1/openapi.json").json()
    validate(document)
    assert "post" in document["paths"]["/api/v1/match"]
