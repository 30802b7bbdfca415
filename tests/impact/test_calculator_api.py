"""The stateless cost-benefit (R-109) and outcome-contract calculators in the API."""

import json

import pytest

pytestmark = pytest.mark.django_db


def post(client, path, body):
    return client.post(path, data=json.dumps(body) if not isinstance(body, str) else body,
                       content_type="application/json")


def test_cost_benefit_discounts_by_r109_from_year_0(client):
    body = post(client, "/api/v1/impact/cost-benefit", {"benefits": [0, 104], "costs": [100]}).json()
    assert body["present_value_benefits"] == pytest.approx(100.0)  # 104 / 1.04
    assert body["net_present_value"] == pytest.approx(0.0, abs=1e-9)
    assert body["npv_per_budget_krone"] == pytest.approx(0.0, abs=1e-12)
    assert body["discount_factors"] == pytest.approx([1.0, 1 / 1.04])


def test_beyond_forty_years_the_lower_rate_applies(client):
    benefits = [0] * 41 + [1]
    body = post(client, "/api/v1/impact/cost-benefit", {"benefits": benefits, "costs": [1]}).json()
    assert body["discount_factors"][41] == pytest.approx(1.04 ** -40 * 1.03 ** -1)


@pytest.mark.parametrize(("body", "field"), [
    ({"costs": [1]}, "benefits"),
    ({"benefits": [1, "x"], "costs": [1]}, "benefits[1]"),
    ({"benefits": [1], "costs": [1], "tax_financing_rate": 2}, "tax_financing_rate"),
    ({"benefits": [1], "costs": [1], "colour": "red"}, "colour"),
    ("not json", "body"),
])
def test_bad_cost_benefit_input_is_422_naming_the_field(client, body, field):
    response = post(client, "/api/v1/impact/cost-benefit", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field


def test_an_outcome_contract_repays_capital_first_then_return_then_residual(client):
    body = post(client, "/api/v1/impact/outcome-contract", {
        "price_per_unit_nok": 1000, "investor_capital_nok": 100_000, "max_return_rate": 0.1,
        "measured_units": [50, 70],
    }).json()
    assert [p["payment"] for p in body["periods"]] == [50_000, 70_000]
    assert (body["total_payment"], body["investor_capital_repaid"], body["investor_return"], body["residual"],
            body["investor_loss"]) == (120_000, 100_000, 10_000, 10_000, 0)


def test_when_outcomes_fall_short_the_investor_carries_the_loss(client):
    body = post(client, "/api/v1/impact/outcome-contract", {
        "price_per_unit_nok": 1000, "investor_capital_nok": 100_000, "max_return_rate": 0.1,
        "measured_units": [10],
    }).json()
    assert body["investor_loss"] == 90_000
    assert body["total_payment"] == 10_000


def test_a_period_cap_limits_the_payment(client):
    body = post(client, "/api/v1/impact/outcome-contract", {
        "price_per_unit_nok": 1000, "investor_capital_nok": 10_000, "max_return_rate": 0,
        "period_cap_nok": 30_000, "measured_units": [50],
    }).json()
    assert body["periods"][0]["payment"] == 30_000
    assert body["unpaid_over_cap"] == 20_000


@pytest.mark.parametrize(("body", "field"), [
    ({"investor_capital_nok": 1, "max_return_rate": 0, "measured_units": [1]}, "price_per_unit_nok"),
    ({"price_per_unit_nok": -1, "investor_capital_nok": 1, "max_return_rate": 0, "measured_units": [1]},
     "price_per_unit_nok"),
    ({"price_per_unit_nok": 1, "investor_capital_nok": 1, "max_return_rate": 0, "measured_units": []},
     "measured_units"),
])
def test_bad_contract_input_is_422_naming_the_field(client, body, field):
    response = post(client, "/api/v1/impact/outcome-contract", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field
