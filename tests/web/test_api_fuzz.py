"""schemathesis against the API's own OpenAPI document, with a token of each role: whatever
the input and whoever asks, never a 5xx, and every error JSON."""

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


ROLES = ["district_officer", "district_lead", "city_reviewer", "city_lead", "admin"]


@pytest.fixture(params=ROLES)
def bearer(request, reference_data):
    """A token of one role (district roles in 和平区); /api/me says the token is that user's."""
    from hecha.accounts.models import District, User
    from hecha.accounts.services import issue_token

    role = request.param
    district = District.objects.get(code="210102") if role.startswith("district") else None
    User.objects.create_user(f"fuzz_{role}", role=role, district=district)
    return {"Authorization": f"Bearer {issue_token(username=f'fuzz_{role}')}"}


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


def test_each_roles_token_opens_the_api_as_that_role(client, bearer):
    me = client.get("/api/me", HTTP_AUTHORIZATION=bearer["Authorization"])
    assert me.status_code == 200 and me.json()["username"].startswith("fuzz_")
    assert me.json()["role"] == me.json()["username"].removeprefix("fuzz_")
