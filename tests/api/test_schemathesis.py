"""Every API operation, fuzzed from its own OpenAPI document: no 5xx, answers as documented.

Schemathesis generates requests (valid and invalid) for each operation in /api/v1/openapi.json and
sends them to the WSGI application in this process, against the test database with a small world
in it (a kommune, an entrepreneur, a published challenge). Requests are sent as a logged-in public-body
user, so the routes behind a log-in are exercised beyond their 401. `VEIER_SCHEMATHESIS_EXAMPLES`
(default 15 per operation) asks for a longer hunt.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from veier.api.api import api

CHECKS = [schemathesis.checks.not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


# Built without a request: the OpenAPI view itself would open a database transaction at import time.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = WSGIHandler()


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """Django's test client does this too: closing the connection after a request would end the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def session_cookie(client, kari, trondheim_kommune, besoksvenn) -> dict[str, str]:
    client.force_login(kari)
    return {"sessionid": client.cookies["sessionid"].value}


EXAMPLES = int(os.environ.get("VEIER_SCHEMATHESIS_EXAMPLES", "15"))


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_fails_and_answers_as_documented(case, session_cookie):
    case.call_and_validate(cookies=session_cookie, checks=CHECKS)


def test_no_two_api_schemas_share_a_name():
    """The OpenAPI document keys schemas by class name: two `MatchOut`s silently became one."""
    from collections import Counter

    from ninja import Schema

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [cls for cls in subclasses(Schema) if cls.__module__.startswith("veier.")]
    duplicated = {name: count for name, count in Counter(cls.__name__ for cls in ours).items() if count > 1}
    assert not duplicated, f"rename one of each: {duplicated}"
