"""The kommune API and the OpenAPI document."""

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_kommuner_lists_all_357_with_their_fylke(client):
    response = client.get("/api/v1/kommuner")
    assert response.status_code == 200
    kommuner = response.json()
    assert len(kommuner) == 357
    assert kommuner[0] == {"number": "0301", "name": "Oslo", "fylke": {"number": "03", "name": "Oslo"}}
    trondheim = next(k for k in kommuner if k["number"] == "5001")
    assert trondheim["fylke"] == {"number": "50", "name": "Trøndelag"}


def test_an_old_kommune_number_is_followed_to_todays_kommuner(client):
    response = client.get("/api/v1/kommuner/1507")
    assert response.status_code == 200
    assert [k["name"] for k in response.json()] == ["Ålesund", "Haram"]


def test_an_unknown_kommune_number_is_a_404_with_a_reason(client):
    response = client.get("/api/v1/kommuner/9998")
    assert response.status_code == 404
    assert response.json() == {"detail": "Unknown kommune number"}


def test_the_openapi_document_is_valid_and_describes_the_kommune_route(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert "/api/v1/kommuner" in document["paths"]
