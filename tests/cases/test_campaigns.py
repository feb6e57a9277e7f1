"""One open case per enterprise: a later campaign skips and lists the enterprises still in the
procedure; districts open their own cases from the published city run; the database agrees."""

import pytest
from django.db import IntegrityError, transaction

from hecha.cases.services import CaseRefused, open_campaign
from tests.cases.walk import D, notices, run


def lead_of(code):
    from hecha.accounts.models import District, User

    return User.objects.create_user(f"lead_{code}", role="district_lead",
                                    district=District.objects.get(code=code))  # fmt: skip


def test_a_second_campaign_skips_and_lists_enterprises_still_in_the_procedure(
    campaign, case, city_lead, officer_user, officers
):
    from hecha.cases.models import Case

    notices(case, officer_user, officers)  # one enterprise is well under way
    later = open_campaign(run_id=run("2026-02-02").pk, user=city_lead)
    skipped = {s["uscc"]: s for s in later.skipped}
    assert case.uscc in skipped and skipped[case.uscc]["case"] == case.pk
    assert set(skipped) == set(campaign.cases.values_list("uscc", flat=True)) & set(
        later.run.findings.values_list("uscc", flat=True)
    )  # every enterprise with an open case, and only those
    assert not later.cases.filter(uscc__in=list(skipped)).exists()
    assert Case.objects.filter(uscc=case.uscc).count() == 1
    # no second set of numbered notices for it
    assert case.documents.count() == 2 and Case.objects.get(pk=case.pk).stage == "notices_issued"


def test_the_campaign_page_lists_the_skipped_enterprises(client, campaign, case, city_lead):
    open_campaign(run_id=run("2026-02-02").pk, user=city_lead)
    client.force_login(city_lead)
    page = client.get("/campaigns/").content.decode()
    assert f"已在核查中，见案件 #{case.pk}" in page
    assert f'href="/cases/{case.pk}/"' in page


def test_the_database_refuses_a_second_open_case_for_an_enterprise(campaign, case, city_lead):
    from hecha.cases.models import Campaign, Case

    other = Campaign.objects.create(name="x", run=campaign.run, opened_by=city_lead)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(campaign=other, uscc=case.uscc, enterprise_name="x",
                            district_id=case.district_id)  # fmt: skip
    Case.objects.filter(pk=case.pk).update(stage="withdrawn")
    Case.objects.create(
        campaign=other, uscc=case.uscc, enterprise_name="x", district_id=case.district_id
    )  # fmt: skip  (closed: a new case may open)


def test_a_district_lead_opens_the_cases_of_their_district_only(reference_data, tmp_path):
    from hecha.demo.generator import generate
    from hecha.registry.services.importing import import_directory

    generate(tmp_path / "data", enterprises=200, as_of=D("2026-01-02"))
    import_directory(directory=tmp_path / "data", user=None)
    published = run("2026-01-02")
    codes = sorted(set(published.findings.values_list("district_code", flat=True)))
    mine, theirs = lead_of(codes[0]), lead_of(codes[1])
    campaign = open_campaign(run_id=published.pk, user=mine)
    expected = set(published.findings.filter(district_code=codes[0]).values_list("uscc", flat=True))
    assert set(campaign.cases.values_list("uscc", flat=True)) == expected
    assert campaign.district_id == codes[0] and campaign.name.endswith(f"{mine.district.name}）")
    with pytest.raises(CaseRefused, match="已发起过本区县的核查批次"):
        open_campaign(run_id=published.pk, user=mine)
    open_campaign(run_id=published.pk, user=theirs)
    # the city opens the rest: the districts already opened are left to them
    from hecha.accounts.models import User

    city = User.objects.create_user("city", role="city_lead")
    rest = open_campaign(run_id=published.pk, user=city)
    assert not rest.cases.filter(district_id__in=codes[:2]).exists()
    assert rest.cases.count() == published.findings.exclude(district_code__in=codes[:2]).values(
        "uscc").distinct().count()  # fmt: skip
    with pytest.raises(CaseRefused, match="已发起过全市核查批次"):
        open_campaign(run_id=published.pk, user=lead_of(codes[2]))


def test_a_district_lead_uses_the_latest_published_city_run(campaign, case):
    from hecha.checks.models import CheckRun

    lead = lead_of(case.district_id)
    newer = run("2026-02-02")
    with pytest.raises(CaseRefused, match=f"请基于最新的全市比对 #{newer.pk}"):
        open_campaign(run_id=campaign.run_id, user=lead)
    district_run = CheckRun.objects.create(as_of=D("2026-02-03"), standard=newer.standard,
                                           standard_sha256="x", district_id=case.district_id,
                                           status="done")  # fmt: skip
    with pytest.raises(CaseRefused, match="须基于全市范围的比对"):
        open_campaign(run_id=district_run.pk, user=lead)
    opened = open_campaign(run_id=newer.pk, user=lead)
    assert case.uscc in {s["uscc"] for s in opened.skipped}


def test_officers_and_reviewers_open_no_campaign(campaign, officer_user, city_reviewer):
    for user in (officer_user, city_reviewer):
        with pytest.raises(CaseRefused, match="只有市局负责人或区县负责人可以发起核查批次"):
            open_campaign(run_id=run("2026-02-02").pk, user=user)


def test_an_upgrade_closes_a_duplicate_still_flagged_on_the_record_and_stops_on_others(
    campaign, case, city_lead, officer_user, officers
):
    import importlib

    from django.apps import apps

    from hecha.audit.models import AuditEntry
    from hecha.cases.models import Campaign, Case

    migration = importlib.import_module("hecha.cases.migrations.0004_close_duplicate_open_cases")
    other = Campaign.objects.create(name="x", run=campaign.run, opened_by=city_lead)
    with transaction.atomic():
        from django.db import connection

        with connection.cursor() as cursor:  # a database from before the constraint
            cursor.execute("DROP INDEX one_open_case_per_enterprise")
        twin = Case.objects.create(campaign=other, uscc=case.uscc, enterprise_name="x",
                                   district_id=case.district_id)  # fmt: skip
        migration.close_duplicate_open_cases(apps, None)
        twin.refresh_from_db()
        assert (twin.stage, twin.close_reason_code) == ("withdrawn", "duplicate")
        assert f"已在案件 #{case.pk} 中核查" in twin.close_reason
        assert AuditEntry.objects.filter(action="cases.duplicate_closed",
                                         object_id=str(twin.pk)).exists()  # fmt: skip
        notices(case, officer_user, officers)
        third = Campaign.objects.create(name="y", run=campaign.run, opened_by=city_lead)
        both = Case.objects.create(campaign=third, uscc=case.uscc, enterprise_name="x",
                                   district_id=case.district_id, stage="notices_issued")  # fmt: skip
        with pytest.raises(RuntimeError, match=f"#{case.pk} 与 #{both.pk}"):
            migration.close_duplicate_open_cases(apps, None)
        transaction.set_rollback(True)


def test_the_campaigns_page_queries_do_not_grow_with_campaigns_or_districts(
    client, campaign, city_lead
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(city_lead)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/campaigns/").status_code == 200
        return len(captured)

    queries()  # the session's first touch (a database session is saved then)
    before = queries()
    for as_of in ("2026-02-02", "2026-02-03"):
        open_campaign(run_id=run(as_of).pk, user=city_lead)
    assert queries() == before
