"""Rate limits on the public calculation endpoints: advisor, SROI and matching share one budget per client."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v1/advisor/assess", "/api/v1/impact/sroi", "/api/v1/match"]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("path", ENDPOINTS)
def test_the_call_over_the_limit_gets_429(client, settings, path):
    settings.VEIER_API_CALCULATION_RATE = "60/min"
    statuses = [client.post(path, "{}", content_type="application/json").status_code for _ in range(61)]
    assert 429 not in statuses[:60]
    assert statuses[60] == 429


def test_the_endpoints_share_one_budget_per_client(client, settings):
    settings.VEIER_API_CALCULATION_RATE = "3/min"
    for path in ENDPOINTS:
        assert client.post(path, "{}", content_type="application/json").status_code != 429
    assert client.post(ENDPOINTS[0], "{}", content_type="application/json").status_code == 429
    # Another client address has its own budget.
    other = client.post(ENDPOINTS[0], "{}", content_type="application/json", REMOTE_ADDR="10.1.2.3")
    assert other.status_code != 429


def test_reading_endpoints_are_not_throttled(client, settings):
    settings.VEIER_API_CALCULATION_RATE = "1/min"
    assert all(client.get("/api/v1/kommuner/5001").status_code == 200 for _ in range(3))
