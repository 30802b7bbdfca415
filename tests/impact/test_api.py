"""The public, stateless SROI endpoint: POST /api/v1/impact/sroi.

The employment programme is the published example of shared/reference/sroi-and-impact.md §1.6 (B): 60 people
into work, £8,500 each, 40 % deadweight, 30 % attribution, 30 % drop-off over two years, £250,000 of inputs
at 3.5 %. Its published ratio is 1.44 with year 1 undiscounted and 1.388 with year 1 discounted.
"""

import json

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

URL = "/api/v1/impact/sroi"


@pytest.fixture
def employment_programme() -> dict:
    return {
        "investment_nok": 250_000,
        "discount_rate": 0.035,
        "outcomes": [{
            "name": "sustained employment", "stakeholder": "participants", "level": "citizen",
            "quantity": 60, "proxy_value_nok": 8_500, "deadweight": 0.40, "displacement": 0,
            "attribution": 0.30, "drop_off": 0.30, "duration_years": 2,
        }],
    }


def post(client, body):
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(URL, raw, content_type="application/json")


def assert_refused(response, field: str, code: str) -> None:
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert [(d["field"], d["code"]) for d in detail] == [(field, code)]
    assert detail[0]["message"]


def test_the_employment_programme_gives_1_44_with_year_one_undiscounted(client, employment_programme):
    response = post(client, {**employment_programme, "discount_first_year": False})
    assert response.status_code == 200
    answer = response.json()
    assert round(answer["sroi_ratio"], 2) == 1.44
    # Year 1: 60 × 8 500 × 0.6 × 0.7 = 214 200; year 2: × 0.7 = 149 940, discounted once.
    assert answer["years"][0] == {"year": 1, "value": 214_200, "discount_factor": 1.0, "present_value": 214_200}
    assert answer["present_value"] == pytest.approx(214_200 + 149_940 / 1.035)
    assert answer["net_present_value"] == pytest.approx(answer["present_value"] - 250_000)
    assert answer["payback_months"] == pytest.approx(250_000 / (214_200 / 12))
    assert answer["monte_carlo"] is None


def test_the_employment_programme_gives_1_388_with_year_one_discounted_by_default(client, employment_programme):
    answer = post(client, employment_programme).json()
    assert round(answer["sroi_ratio"], 3) == 1.388
    assert answer["by_level"] == {
        "citizen": pytest.approx(answer["present_value"]), "municipality": 0, "state": 0, "society": 0,
    }


def test_the_ratio_is_not_rounded(client, employment_programme):
    answer = post(client, employment_programme).json()
    assert answer["sroi_ratio"] == pytest.approx((214_200 / 1.035 + 149_940 / 1.035**2) / 250_000, rel=1e-12)
    assert answer["sroi_ratio"] != round(answer["sroi_ratio"], 3)


def test_start_year_defaults_to_one_and_a_later_start_moves_the_value(client, employment_programme):
    later = json.loads(json.dumps(employment_programme))
    later["outcomes"][0]["start_year"] = 3
    answer = post(client, later).json()
    assert [year["value"] for year in answer["years"]] == [0, 0, 214_200, pytest.approx(149_940)]
    assert answer["payback_months"] is None
    assert answer["outcomes"][0]["values"][:2] == [0, 0]


def test_value_is_split_by_level(client, employment_programme):
    body = json.loads(json.dumps(employment_programme))
    body["outcomes"].append({"stakeholder": "NAV", "level": "state", "quantity": 60, "proxy_value_nok": 1_000})
    answer = post(client, body).json()
    assert answer["by_level"]["state"] == pytest.approx(60_000 / 1.035)
    assert answer["by_stakeholder"]["NAV"] == pytest.approx(60_000 / 1.035)
    assert sum(answer["by_level"].values()) == pytest.approx(answer["present_value"])


def test_monte_carlo_is_seeded_and_reproducible(client, employment_programme):
    body = {**employment_programme, "monte_carlo": {"draws": 2_000, "seed": 7, "ranges": {
        "outcomes[0].proxy_value_nok": {"low": 4_000, "mode": 8_500, "high": 12_000},
        "outcomes[0].deadweight": {"low": 0.3, "mode": 0.4, "high": 0.6, "distribution": "pert"},
    }}}
    first = post(client, body).json()["monte_carlo"]
    second = post(client, body).json()["monte_carlo"]
    assert first == second
    assert first["draws"] == 2_000 and first["seed"] == 7
    assert first["p5"] < first["p50"] < first["p95"]
    assert 0 < first["probability_below_one"] < 1
    assert sum(first["histogram"]["counts"]) == 2_000
    assert len(first["histogram"]["edges"]) == len(first["histogram"]["counts"]) + 1


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"deadweight": 1.2}, "outcomes[0].deadweight", "out_of_range"),
    ({"attribution": -0.1}, "outcomes[0].attribution", "out_of_range"),
    ({"quantity": -1}, "outcomes[0].quantity", "out_of_range"),
    ({"duration_years": 101}, "outcomes[0].duration_years", "out_of_range"),
    ({"start_year": 0}, "outcomes[0].start_year", "out_of_range"),
    ({"duration_years": 2.5}, "outcomes[0].duration_years", "wrong_type"),
    ({"quantity": "60"}, "outcomes[0].quantity", "wrong_type"),
    ({"quantity": "NaN"}, "outcomes[0].quantity", "wrong_type"),
    ({"proxy_value_nok": True}, "outcomes[0].proxy_value_nok", "wrong_type"),
    ({"proxy_value_nok": None}, "outcomes[0].proxy_value_nok", "required"),
    ({"level": "county"}, "outcomes[0].level", "invalid_choice"),
    ({"stakeholder": ""}, "outcomes[0].stakeholder", "required"),
    ({"deadwieght": 0.2}, "outcomes[0].deadwieght", "unknown_field"),
])
def test_a_bad_outcome_is_refused_naming_the_field(client, employment_programme, change, field, code):
    employment_programme["outcomes"][0].update(change)
    assert_refused(post(client, employment_programme), field, code)


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"investment_nok": 0}, "investment_nok", "out_of_range"),
    ({"investment_nok": "250000"}, "investment_nok", "wrong_type"),
    ({"discount_rate": 1}, "discount_rate", "out_of_range"),
    ({"discount_first_year": "yes"}, "discount_first_year", "wrong_type"),
    ({"outcomes": []}, "outcomes", "required"),
    ({"outcomes": {"a": 1}}, "outcomes", "wrong_type"),
    ({"outcomes": [7]}, "outcomes[0]", "wrong_type"),
])
def test_a_bad_case_is_refused_naming_the_field(client, employment_programme, change, field, code):
    assert_refused(post(client, {**employment_programme, **change}), field, code)


def test_nan_and_infinity_literals_are_refused_not_calculated(client, employment_programme):
    # JSON has no NaN, but Python's parser accepts the literals, so they must be caught as values.
    text = json.dumps(employment_programme)
    assert_refused(post(client, text.replace("250000", "NaN")), "investment_nok", "not_finite")
    assert_refused(post(client, text.replace('"quantity": 60', '"quantity": Infinity')),
                   "outcomes[0].quantity", "not_finite")
    assert_refused(post(client, text.replace("0.035", "-Infinity")), "discount_rate", "not_finite")


@pytest.mark.parametrize("body", ["{bad json", "", "[1, 2]", "null", "42", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_a_422_not_a_500(client, body):
    response = post(client, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "body"


@pytest.mark.parametrize(("monte_carlo", "field", "code"), [
    ({"draws": 0, "ranges": {}}, "monte_carlo.draws", "out_of_range"),
    ({"draws": 1_000_000, "ranges": {}}, "monte_carlo.draws", "out_of_range"),
    ({"seed": "x", "ranges": {}}, "monte_carlo.seed", "wrong_type"),
    ({"ranges": {"outcomes[3].quantity": {"low": 1, "mode": 2, "high": 3}}},
     "monte_carlo.ranges.outcomes[3].quantity", "out_of_range"),
    ({"ranges": {"outcomes[0].duration_years": {"low": 1, "mode": 2, "high": 3}}},
     "monte_carlo.ranges.outcomes[0].duration_years", "invalid_choice"),
    ({"ranges": {"outcomes[0].deadweight": {"low": 0.5, "mode": 0.4, "high": 0.6}}},
     "monte_carlo.ranges.outcomes[0].deadweight", "invalid_range"),
    ({"ranges": {"outcomes[0].deadweight": {"low": 0.1, "mode": 0.4, "high": 1.6}}},
     "monte_carlo.ranges.outcomes[0].deadweight.high", "out_of_range"),
    ({"ranges": {"discount_rate": {"low": 0.01, "mode": 0.03, "high": 0.05, "distribution": "normal"}}},
     "monte_carlo.ranges.discount_rate.distribution", "invalid_choice"),
])
def test_bad_monte_carlo_ranges_are_refused_in_the_requests_own_terms(
    client, employment_programme, monte_carlo, field, code
):
    assert_refused(post(client, {**employment_programme, "monte_carlo": monte_carlo}), field, code)


def test_the_endpoint_is_public_and_needs_no_csrf_token(employment_programme):
    from django.test import Client

    anonymous = Client(enforce_csrf_checks=True)
    assert post(anonymous, employment_programme).status_code == 200


def test_the_openapi_document_stays_valid_and_describes_the_contract(client):
    document = client.get("/api/v1/openapi.json").json()
    validate(document)
    operation = document["paths"]["/api/v1/impact/sroi"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["required"]) == {"investment_nok", "outcomes"}
    assert body["properties"]["outcomes"]["items"]["properties"]["start_year"]["default"] == 1
    assert {"200", "422"} <= set(operation["responses"])


# --- saved analyses, with the session of a logged-in user -------------------------------------------------------


def test_saved_analyses_need_a_logged_in_user(client, visiting_friends):
    assert client.get("/api/v1/impact/analyses").status_code == 401
    assert client.get(f"/api/v1/impact/analyses/{visiting_friends.pk}").status_code == 401


def test_members_list_and_read_their_analyses_with_the_sroi_result(aslak_client, visiting_friends):
    listing = aslak_client.get("/api/v1/impact/analyses").json()
    assert [(a["id"], a["organisation"]) for a in listing] == [(visiting_friends.pk, "besoksvenn-as")]
    analysis = aslak_client.get(f"/api/v1/impact/analyses/{visiting_friends.pk}").json()
    assert analysis["outcomes"][0]["deadweight"] == 0.4
    assert round(analysis["result"]["sroi_ratio"], 2) == 1.44


def test_an_outsider_gets_404_for_someone_elses_analysis(english, outsider, visiting_friends):
    english.force_login(outsider)
    assert english.get(f"/api/v1/impact/analyses/{visiting_friends.pk}").status_code == 404
    assert english.get("/api/v1/impact/analyses").json() == []


def test_a_member_saves_an_analysis_with_outcomes(aslak_client, besoksvenn, employment_programme):
    body = {"organisation": "besoksvenn-as", "title": "Arbeidstrening", **employment_programme,
            "discount_first_year": False}
    response = aslak_client.post("/api/v1/impact/analyses", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    saved = response.json()
    assert saved["title"] == "Arbeidstrening" and len(saved["outcomes"]) == 1
    assert round(saved["result"]["sroi_ratio"], 2) == 1.44
    assert besoksvenn.impact_analyses.get().outcomes.get().name == "sustained employment"


def test_an_analysis_cannot_be_saved_for_another_organisation(aslak_client, trondheim_kommune, employment_programme):
    body = {"organisation": "trondheim-kommune", "title": "X", **employment_programme}
    response = aslak_client.post("/api/v1/impact/analyses", json.dumps(body), content_type="application/json")
    assert_refused(response, "organisation", "invalid_choice")
    assert not trondheim_kommune.impact_analyses.exists()
