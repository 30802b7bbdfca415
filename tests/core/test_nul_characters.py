"""A NUL character anywhere a query could see it gets a 400, never a database error."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_in_an_api_query_parameter_is_a_400_in_json(client):
    response = client.get("/api/v1/funding", {"service_area": "omsorg\x00"})
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_a_nul_in_a_json_body_is_a_400(client):
    response = client.post("/api/v1/match", '{"text": "eldre\\u0000"}', content_type="application/json")
    assert response.status_code == 400


def test_a_nul_in_the_url_is_a_400(client):
    assert client.get("/kommuner/50%0001/").status_code == 400


def test_a_nul_in_a_page_query_is_a_400(client):
    response = client.get("/finn-aktorer/", {"q": "eldre\x00"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_ordinary_requests_pass(client):
    assert client.get("/api/v1/funding", {"service_area": "loneliness"}).status_code == 200
    assert client.post("/api/v1/match", {"text": "eldre som bor alene"}, content_type="application/json"
                       ).status_code == 200


def test_a_nul_in_a_json_body_sent_as_plain_text_is_a_400_too(client):
    """ninja parses any body as JSON, so the check is on the parsed values, not the Content-Type."""
    response = client.post("/api/v1/match", '{"text": "eldre\\u0000"}', content_type="text/plain")
    assert response.status_code == 400


def test_an_escaped_backslash_before_u0000_is_ordinary_text(client):
    response = client.post("/api/v1/match", '{"text": "C:\\\\u0000 eldre som bor alene"}',
                           content_type="application/json")
    assert response.status_code == 200


def test_a_nul_in_a_cookie_is_a_400(client):
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/").status_code == 400
