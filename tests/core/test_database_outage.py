"""When the database goes away, Veier answers 503 with a page that needs no database.

The real outage (PostgreSQL cut off under gunicorn and brought back) is exercised by
``bench/db_outage.py``; these tests pin the behaviour of the error handler itself by making every
connection attempt fail the way psycopg does when the server is gone.
"""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

pytestmark = pytest.mark.django_db


def database_unreachable():
    return mock.patch.object(
        BaseDatabaseWrapper,
        "ensure_connection",
        side_effect=OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused'),
    )


@pytest.fixture
def browser():
    """A client that returns the error page instead of re-raising, as a real server does."""
    return Client(raise_request_exception=False)


def test_a_page_answers_503_with_retry_after_when_the_database_is_unreachable(browser):
    with database_unreachable():
        response = browser.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Veier er midlertidig utilgjengelig" in html
    assert "Nothing you have saved is lost" in html


def test_the_api_answers_503_as_json_when_the_database_is_unreachable(browser):
    with database_unreachable():
        response = browser.get("/api/v1/kommuner")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "database is unavailable" in response.json()["detail"]


def test_a_write_during_the_outage_gets_503_not_500(browser):
    with database_unreachable():
        response = browser.post("/konto/logg-inn/", {"username": "kari@example.no", "password": "x"})
    assert response.status_code == 503


def test_the_health_check_reports_the_outage(browser):
    with database_unreachable():
        response = browser.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_the_error_handler_leaves_nothing_behind_once_the_database_is_back(browser):
    """Only that the handler holds no state: the real reconnection is measured by bench/db_outage.py."""
    with database_unreachable():
        assert browser.get("/").status_code == 503
    assert browser.get("/").status_code == 200
    assert browser.get("/healthz").json()["status"] == "ok"


def test_other_errors_remain_a_500(browser):
    with mock.patch("veier.core.views.Organisation.objects.filter", side_effect=ValueError("a bug")):
        response = browser.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def failing_with(cause: Exception):
    """Every connection attempt fails as Django reports a driver error: wrapped, with the driver's as cause."""
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=error)


def test_a_refused_postgresql_connection_is_an_outage(browser):
    import psycopg

    with failing_with(psycopg.OperationalError("connection refused")):
        assert browser.get("/").status_code == 503


def test_a_deadlock_or_timeout_is_a_bug_to_fix_not_an_outage(browser):
    import psycopg

    for cause in (psycopg.errors.DeadlockDetected("deadlock detected"), psycopg.errors.QueryCanceled("timeout")):
        with failing_with(cause):
            assert browser.get("/").status_code == 500
            api = browser.get("/api/v1/kommuner")
        assert api.status_code == 500
        assert api.json() == {"detail": "Something went wrong on our side."}


def test_a_missing_sqlite_table_is_a_500_but_a_locked_database_is_an_outage(browser):
    import sqlite3

    with failing_with(sqlite3.OperationalError("no such table: reference_kommune")):
        assert browser.get("/").status_code == 500
    with failing_with(sqlite3.OperationalError("database is locked")):
        assert browser.get("/").status_code == 503
