"""Starting a comparison from the page, its progress page, summary and filters."""

import pytest


@pytest.fixture(autouse=True)
def inline_jobs(settings):
    settings.HECHA_JOBS_IN_BACKGROUND = False


def test_start_run_goes_through_the_job_page_to_the_summary(client, city_reviewer, demo_registry):
    from hecha.checks.models import CheckRun

    client.force_login(city_reviewer)
    response = client.post("/checks/", {"as_of": "2026-11-24"})
    assert response.status_code == 302 and "/checks/jobs/" in response["Location"]
    job = client.get(response["Location"])
    run = CheckRun.objects.latest("pk")
    assert job.status_code == 302 and job["Location"] == f"/checks/{run.pk}/"
    polled = client.get(response["Location"], headers={"HX-Request": "true"})
    assert polled.status_code == 204 and polled["HX-Redirect"] == f"/checks/{run.pk}/"
    summary = client.get(job["Location"]).content.decode()
    assert "按区县" in summary and "按资质" in summary
    assert run.started_by == city_reviewer and run.findings_count == demo_registry.findings_count


def test_district_officers_run_covers_their_district_only(client, heping_officer, demo_registry):
    from hecha.checks.models import CheckRun

    client.force_login(heping_officer)
    client.post("/checks/", {"as_of": "2026-11-24", "district": "210103"}, follow=True)
    run = CheckRun.objects.latest("pk")
    assert run.district_id == "210102"
    assert set(run.findings.values_list("district_code", flat=True)) <= {"210102"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"as_of": "2026-13-01"}, "请输入有效日期"),
        ({"as_of": ""}, "请填写比对基准日"),
        ({"as_of": "2026-11-24", "district": "999999"}, "未知的区县"),
        ({"as_of": "2026-11-24", "standard": "1999"}, "未知的标准版本"),
        ({"as_of": "2010-01-01"}, "没有生效的资质标准"),
    ],
)
def test_bad_run_requests_are_refused_in_chinese(
    client, city_reviewer, demo_registry, data, message
):
    from hecha.checks.models import CheckRun

    before = CheckRun.objects.count()
    client.force_login(city_reviewer)
    response = client.post("/checks/", data, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert CheckRun.objects.count() == before


def test_district_lead_may_not_start_runs(client, demo_registry, reference_data):
    from hecha.accounts.models import District, User
    from hecha.checks.models import CheckRun

    lead = User.objects.create_user(
        "lead", role="district_lead", district=District.objects.get(code="210102")
    )
    before = CheckRun.objects.count()
    client.force_login(lead)
    response = client.post("/checks/", {"as_of": "2026-11-24"}, follow=True)
    assert "您的角色无权发起比对" in response.content.decode()
    assert CheckRun.objects.count() == before


def test_finding_filters(client, city_reviewer, demo_registry):
    from hecha.checks.models import Finding

    client.force_login(city_reviewer)
    run = demo_registry.pk
    reason = (
        Finding.objects.filter(run=run)
        .values_list("people__reason", flat=True)
        .exclude(people__reason="")
        .first()
    )
    expected = set(
        Finding.objects.filter(run=run, people__reason=reason).values_list("uscc", flat=True)
    )
    html = client.get(f"/checks/{run}/findings/?reason={reason}").content.decode()
    shown = {u for u in Finding.objects.filter(run=run).values_list("uscc", flat=True) if u in html}
    assert shown == expected
    exported = client.get(f"/checks/{run}/findings.json?reason={reason}").json()
    assert {f["uscc"] for f in exported} == expected
    assert client.get(f"/checks/{run}/findings.pdf").status_code == 404
