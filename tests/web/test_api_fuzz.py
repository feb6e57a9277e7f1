"""schemathesis against the API's own OpenAPI document: whatever the input, never a 5xx."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from hecha.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """schemathesis calls the WSGI application itself, whose request_finished signal would
    close the test's database connection (Django's test client disconnects it the same way)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(reference_data, city_reviewer):

    from hecha.accounts.services import issue_token

    return {"Authorization": f"Bearer {issue_token(username=city_reviewer.username)}"}


@schema.parametrize()
@settings(max_examples=int(os.environ.get("HECHA_FUZZ_EXAMPLES", "25")), deadline=None, derandomize=os.environ.get("HECHA_FUZZ_EXAMPLES") is None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
def test_no_input_makes_the_api_answer_5xx(case, bearer):
    response = case.call(headers=bearer)
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
    if response.status_code >= 400:
        try:
            body = response.json()
        except ValueError:
            body = None
        assert isinstance(body, dict) and "detail" in body, (
            case.method,
            case.formatted_path,
            response.status_code,
            response.text[:200],
        )
