"""Whatever a browser posts to the pages' forms, the answer is never a 5xx."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hecha.workflow.procedure import STEPS

text = st.text(max_size=40)
value = st.one_of(text, st.integers(min_value=-(2**70), max_value=2**70).map(str),
                  st.dates().map(lambda d: d.isoformat()), st.just(""))  # fmt: skip
form = st.dictionaries(st.sampled_from(["version", "notices_on", "officer_ids", "called_at", "answered_by",
                                        "result", "mailing_address", "signed_on", "conclusion", "note",
                                        "mailed_on", "announced_on", "tracking_no", "reason", "case",
                                        "submission", "action", "as_of", "district", "standard", "run",
                                        "name", "published_on", "returned_on", "shown_date", "q",
                                        "stage", "page", "kind", "template"]),
                       value, max_size=8)  # fmt: skip

SETTINGS = settings(max_examples=int(os.environ.get("HECHA_FUZZ_EXAMPLES", "30")), deadline=None,
                    derandomize=os.environ.get("HECHA_FUZZ_EXAMPLES") is None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip


@pytest.fixture
def cases_ready(campaign, city_reviewer, settings):
    settings.HECHA_JOBS_IN_BACKGROUND = False
    return campaign.cases.order_by("pk").first()


@SETTINGS
@given(data=form, step=st.sampled_from(sorted(STEPS)), prefixed=st.booleans())
def test_step_forms_never_5xx(client, cases_ready, city_lead, data, step, prefixed):
    client.force_login(city_lead)
    payload = {(f"{step}-{k}" if prefixed else k): v for k, v in data.items()}
    response = client.post(f"/cases/{cases_ready.pk}/steps/{step}/", payload)
    assert response.status_code < 500


@SETTINGS
@given(data=form, url=st.sampled_from(["/checks/", "/campaigns/", "/submissions/", "/mailing/", "/announcements/",
                                       "/cases/submit/", "/cases/notices/", "/documents/templates/",
                                       "/imports/", "/standards/"]))  # fmt: skip
def test_other_forms_never_5xx(client, cases_ready, city_lead, admin_user, data, url):
    for user in (city_lead, admin_user):
        client.force_login(user)
        assert client.post(url, data).status_code < 500
        assert client.get(url, data).status_code < 500
