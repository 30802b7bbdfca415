"""GET /api/v1/registry/{orgnr}."""

from __future__ import annotations

import pytest
from django.utils import translation
from openapi_spec_validator import validate

from tests.registry.conftest import EQUINOR, NUMBERS, unit, write_bulk
from veier.registry.importer import import_bulk_file
from veier.registry.selectors import VERDICT_MESSAGES

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(tmp_path):
    import_bulk_file(write_bulk(tmp_path / "enheter.json.gz", [
        unit(NUMBERS[0], "BESØKSVENN AS", registrertIFrivillighetsregisteret=True),
        unit(NUMBERS[1], "GJELD AS", konkurs=True),
    ]))


def test_a_known_unit_is_returned_with_its_status(client, registry):
    response = client.get(f"/api/v1/registry/{NUMBERS[0]}")

    assert response.status_code == 200
    assert response.json() == {
        "orgnr": NUMBERS[0], "name": "BESØKSVENN AS", "status": "ok",
        "organisation_form": {"code": "AS", "description": "Aksjeselskap"},
        "naeringskode": {"code": "88.991", "description": "Velferdstjenester uten botilbud ellers"},
        "kommunenummer": "1103",
        "business_address": {"lines": ["Forusbeen 50"], "postnummer": "4035", "poststed": "STAVANGER",
                             "kommunenummer": "1103"},
        "konkurs": False, "under_avvikling": False, "under_tvangsavvikling": False, "slettedato": None,
        "in_frivillighetsregisteret": True, "hjemmeside": "www.example.no",
    }


def test_a_bankrupt_unit_says_so(client, registry):
    body = client.get(f"/api/v1/registry/{NUMBERS[1]}").json()

    assert (body["status"], body["konkurs"]) == ("bankrupt", True)


def test_an_unknown_number_is_a_404_with_a_reason(client, registry):
    response = client.get(f"/api/v1/registry/{EQUINOR}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    with translation.override("en"):
        assert response.json() == {"detail": str(VERDICT_MESSAGES["unknown"])}


@pytest.mark.parametrize("orgnr", ["12345", "974760674", "abcdefghi"])
def test_a_malformed_number_is_a_422(client, registry, orgnr):
    response = client.get(f"/api/v1/registry/{orgnr}")

    assert response.status_code == 422
    assert set(response.json()) == {"detail"}


def test_before_any_import_the_api_says_it_cannot_check(client, db):
    response = client.get(f"/api/v1/registry/{EQUINOR}")

    assert response.status_code == 503
    assert set(response.json()) == {"detail"}


def test_the_openapi_document_stays_valid_and_describes_the_registry_route(client):
    document = client.get("/api/v1/openapi.json").json()

    validate(document)
    route = document["paths"]["/api/v1/registry/{orgnr}"]["get"]
    assert set(route["responses"]) == {"200", "400", "401", "403", "404", "422", "429", "503"}
