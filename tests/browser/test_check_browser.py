"""A city reviewer starts a comparison, reads its summary and the flagged list, filters by
reason, and opens an enterprise whose excluded people carry the reason in Chinese."""

from datetime import date

import pytest
from playwright.sync_api import expect

from hecha.privacy import mask_id
from hecha.standards.model import REASON_LABELS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry(reference_data, tmp_path, settings):
    from hecha.demo.generator import generate
    from hecha.registry.services.importing import import_directory

    settings.HECHA_JOBS_IN_BACKGROUND = False
    generate(tmp_path / "data", enterprises=120, as_of=date(2026, 11, 24))
    import_directory(directory=tmp_path / "data", user=None)


def test_run_summary_findings_and_explanation(live_server, log_in, city_reviewer, registry):
    from hecha.checks.models import CheckRun, FindingPerson

    page = log_in("city_reviewer")
    page.get_by_role("link", name="系统比对").click()
    from django.utils import timezone

    # the date field comes filled with today, in the form a date input accepts
    expect(page.get_by_label("比对基准日")).to_have_value(timezone.localdate().isoformat())
    page.get_by_label("比对基准日").fill("2026-11-24")
    page.get_by_role("button", name="开始比对").click()
    expect(page.get_by_role("heading", name="按区县")).to_be_visible()
    run = CheckRun.objects.get()
    assert page.url.endswith(f"/checks/{run.pk}/")

    page.get_by_role("link", name="查看异常企业清单").click()
    expect(page.locator("#findings tbody tr")).to_have_count(min(run.findings_count, 50))
    person = (
        FindingPerson.objects.filter(finding__run=run)
        .exclude(reason__in=["", "wrong_specialty"])
        .order_by("pk")
        .first()
    )
    assert person is not None
    page.get_by_label("未计入原因").select_option(person.reason)
    page.get_by_role("button", name="筛选").click()
    page.get_by_role("link", name=person.finding.enterprise_name).first.click()
    section = page.locator(f'section[data-rule="{person.finding.rule_id}"]')
    expect(section).to_have_class("card requirement unmet")
    expect(
        section.locator(f'li[data-reason="{person.reason}"]', has_text=mask_id(person.id_number))
    ).to_contain_text(REASON_LABELS[person.reason])
