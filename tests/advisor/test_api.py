"""POST /api/v1/advisor/assess: public, stateless, and never a 500 for bad input."""

import json

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

URL = "/api/v1/advisor/assess"

# Trondheim's pilot with a care start-up: a small, new health and social service.
TRONDHEIM_PILOT = {
    "buyer": "municipality",
    "decision_date": "2025-03-01",
    "value_nok": 500_000,
    "subject": "health_social",
    "novelty": "new",
    "mutual_obligation": True,
}


def post(client, body, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **extra)


def only_error(response) -> dict:
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    return error


def test_an_answer_has_the_regime_every_form_myths_and_warnings(client):
    response = post(client, TRONDHEIM_PILOT)
    assert response.status_code == 200
    answer = response.json()
    assert answer["regime"]["code"] == "part1"
    assert answer["regime"]["legal_basis"]
    lower_limit = answer["regime"]["thresholds"]["lower_limit"]
    assert lower_limit["value"] == 100_000
    assert lower_limit["valid_from"] == "2017-01-01" and lower_limit["source"].startswith("https://")
    assert len(answer["forms"]) == 16
    assert {f["fit"] for f in answer["forms"]} <= {"recommended", "possible", "not_allowed"}
    assert all(f["reasons"] and f["steps"] and f["documents"] for f in answer["forms"])
    assert all({"id", "title"} <= set(m) for m in answer["myths"])
    assert isinstance(answer["warnings"], list)


def test_the_answer_is_the_same_without_a_session_or_csrf_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert post(strict, TRONDHEIM_PILOT).json() == post(client, TRONDHEIM_PILOT).json()


def test_optional_supplier_and_outcome_fields_are_taken_into_account(client):
    body = TRONDHEIM_PILOT | {"supplier": {"nonprofit": True, "work_integration": False}, "outcome_based": True}
    answer = post(client, body).json()
    assert answer["input"]["supplier"] == {"nonprofit": True, "work_integration": False}
    assert answer["input"]["outcome_based"] is True


def test_no_mutual_obligation_means_grant_rules(client):
    answer = post(client, TRONDHEIM_PILOT | {"mutual_obligation": False}).json()
    assert answer["regime"]["code"] == "not_procurement"
    assert next(f for f in answer["forms"] if f["code"] == "grant")["fit"] == "recommended"


@pytest.mark.parametrize(
    ("query", "header", "lang"),
    [
        ("", "", "nb"),
        ("?lang=en", "", "en"),
        ("?lang=nn", "en-GB,en;q=0.9", "nn"),
        ("", "en-GB,en;q=0.9", "en"),
        ("", "nn-NO,nn;q=0.9,nb;q=0.8", "nn"),
        ("", "no", "nb"),
        ("", "de-DE,fr;q=0.9", "nb"),
    ],
)
def test_the_language_comes_from_the_query_or_accept_language(client, query, header, lang):
    headers = {"HTTP_ACCEPT_LANGUAGE": header} if header else {}
    response = client.post(URL + query, data=json.dumps(TRONDHEIM_PILOT), content_type="application/json",
                           **headers)
    assert response.json()["lang"] == lang
    assert response["Content-Language"] == lang


def test_texts_change_with_the_language(client):
    english = client.post(URL + "?lang=en", data=json.dumps(TRONDHEIM_PILOT), content_type="application/json")
    bokmal = post(client, TRONDHEIM_PILOT)
    assert english.json()["forms"][0]["title"] == "Direct purchase"
    assert bokmal.json()["forms"][0]["title"] != "Direct purchase"


def test_an_unknown_lang_is_a_422_naming_lang(client):
    response = client.post(URL + "?lang=de", data=json.dumps(TRONDHEIM_PILOT), content_type="application/json")
    assert only_error(response) == {
        "field": "lang", "code": "unknown_code", "message": "lang must be one of nb, nn, en"
    }


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"decision_date": "2016-12-31"}, "decision_date", "before_coverage"),
        ({"decision_date": "31.12.2024"}, "decision_date", "invalid_date"),
        ({"decision_date": 20250101}, "decision_date", "invalid_type"),
        ({"value_nok": -1}, "value_nok", "negative"),
        ({"value_nok": "1 300 000"}, "value_nok", "invalid_type"),
        ({"value_nok": "mye"}, "value_nok", "invalid_type"),
        ({"value_nok": True}, "value_nok", "invalid_type"),
        ({"value_nok": [1]}, "value_nok", "invalid_type"),
        ({"value_nok": None}, "value_nok", "required"),
        ({"buyer": "kommune"}, "buyer", "unknown_code"),
        ({"buyer": 3}, "buyer", "invalid_type"),
        ({"subject": "care"}, "subject", "unknown_code"),
        ({"novelty": "brand_new"}, "novelty", "unknown_code"),
        ({"mutual_obligation": "yes"}, "mutual_obligation", "invalid_type"),
        ({"supplier": "nonprofit"}, "supplier", "invalid_type"),
        ({"supplier": {"charity": True}}, "supplier.charity", "unknown_field"),
        ({"supplier": {"nonprofit": 1}}, "supplier.nonprofit", "invalid_type"),
        ({"outcome_based": "no"}, "outcome_based", "invalid_type"),
        ({"colour": "blue"}, "colour", "unknown_field"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, change, field, code):
    error = only_error(post(client, TRONDHEIM_PILOT | change))
    assert (error["field"], error["code"]) == (field, code)
    assert error["message"]


@pytest.mark.parametrize("missing", ["buyer", "decision_date", "value_nok", "subject", "novelty", "mutual_obligation"])
def test_a_missing_field_is_a_422_naming_it(client, missing):
    body = {k: v for k, v in TRONDHEIM_PILOT.items() if k != missing}
    assert only_error(post(client, body)) == {"field": missing, "code": "required", "message": f"{missing} is required"}


@pytest.mark.parametrize("raw", ['{"buyer": "state"', "", "not json", "\xff\xfe", b"\xff\xfe\x00"])
def test_malformed_json_is_a_422_not_a_500(client, raw):
    assert only_error(post(client, raw))["field"] == "body"


@pytest.mark.parametrize("raw", ["[1, 2]", "null", '"text"', "42"])
def test_a_body_that_is_not_an_object_is_a_422(client, raw):
    error = only_error(post(client, raw))
    assert error == {"field": "payload", "code": "invalid_type", "message": "payload must be an object"}


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_values_are_a_422(client, value):
    raw = json.dumps(TRONDHEIM_PILOT).replace("500000", value)
    error = only_error(post(client, raw))
    assert error["field"] == "value_nok"
    assert error["code"] in {"not_finite", "negative"}


def test_a_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405


def test_the_openapi_document_stays_valid_and_describes_the_route(client):
    document = client.get("/api/v1/openapi.json").json()
    validate(document)
    operation = document["paths"][URL]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["buyer", "decision_date", "value_nok", "subject", "novelty", "mutual_obligation"]
    assert "422" in operation["responses"]
