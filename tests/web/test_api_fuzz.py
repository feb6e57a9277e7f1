"""schemathesis against the API's own OpenAPI document: whatever the input, never a 5xx."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from hecha.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


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
        assert "detail" in response.json()
