"""The case services: each step one transaction, refusals change nothing, the record holds."""

from datetime import date

import pytest

from hecha.cases.services import (
    CaseNotFound,
    CaseRefused,
    accept_submission,
    add_evidence,
    publish_announcement,
    record_delivery,
    record_mailing,
    submit_to_city,
    sweep,
    take_step,
)

D = date.fromisoformat
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def history(case):
    from hecha.audit.models import AuditEntry

    return list(
        AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def to_submitted(case, officer_user, officers, city_user):
    take_step(case_id=case.pk, step="issue_notices", user=officer_user, today=D("2026-01-05"),
              data={"notices_on": D("2026-01-05"), "officer_ids": [o.pk for o in officers]})  # fmt: skip
    take_step(case_id=case.pk, step="record_call", user=officer_user, today=D("2026-01-06"),
              data={"called_at": D("2026-01-06"), "answered_by": "王经理", "result": "已告知",
                    "mailing_address": "沈阳市和平区中山路1号"})  # fmt: skip
    submission = submit_to_city(case_ids=[case.pk], user=officer_user, today=D("2026-01-07"))
    accept_submission(submission_id=submission.pk, user=city_user)
    return submission


def test_campaign_opens_one_case_per_flagged_enterprise(campaign):
    from hecha.checks.models import Finding

    flagged = set(Finding.objects.filter(run=campaign.run).values_list("uscc", flat=True))
    assert flagged and set(campaign.cases.values_list("uscc", flat=True)) == flagged
    assert set(campaign.cases.values_list("stage", flat=True)) == {"flagged"}


def test_second_campaign_from_the_same_run_is_refused(campaign, city_lead):
    from hecha.cases.services import open_campaign

    with pytest.raises(CaseRefused, match="已发起过全市核查批次"):
        open_campaign(run_id=campaign.run_id, user=city_lead)


def test_walk_to_rectifying_with_audit(case, officer_user, officers, city_reviewer):
    submission = to_submitted(case, officer_user, officers, city_reviewer)
    assert submission.rows[0]["uscc"] == case.uscc and len(submission.sha256) == 64
    record_mailing(rows=[(case.pk, "EA100")], mailed_on=D("2026-01-09"), user=city_reviewer,
                   today=D("2026-01-09"))  # fmt: skip
    case.refresh_from_db()
    assert (case.stage, case.deadline, case.deadline_basis) == (
        "mailed",
        D("2026-01-23"),
        "邮寄之日起10个工作日",
    )
    record_delivery(
        tracking_no="EA100", signed_on=D("2026-01-12"), user=city_reviewer, today=D("2026-01-12")
    )
    case.refresh_from_db()
    assert (case.stage, case.served_on, case.rectification_until) == (
        "rectifying",
        D("2026-01-12"),
        D("2026-04-13"),
    )
    assert history(case) == ["cases.issue_notices", "cases.assigned", "documents.issued", "documents.issued",
                             "cases.record_call", "cases.submit_to_city", "cases.mail",
                             "cases.record_receipt"]  # fmt: skip
    assert sorted(case.documents.values_list("kind", flat=True)) == [
        "inspection_notice",
        "rectification_order",
    ]

    assert (case.officer_a.name, case.officer_b.name) == ("张伟", "李娜")
    assert case.calls.get().answered_by == "王经理"


def test_stale_version_is_refused_and_nothing_changes(case, officer_user, officers):
    data = {"notices_on": D("2026-01-05"), "officer_ids": [o.pk for o in officers]}
    take_step(case_id=case.pk, step="issue_notices", user=officer_user, data=data, version=0,
              today=D("2026-01-05"))  # fmt: skip
    before = history(case)
    with pytest.raises(CaseRefused, match="案件已被他人处理"):
        take_step(case_id=case.pk, step="issue_notices", user=officer_user, data=data, version=0,
                  today=D("2026-01-05"))  # fmt: skip
    assert history(case) == before


def test_another_districts_case_does_not_exist_for_a_district_user(case, other_officer):
    with pytest.raises(CaseNotFound):
        take_step(case_id=case.pk, step="withdraw", user=other_officer, data={"reason": "x"})


def test_refused_step_names_every_reason_and_changes_nothing(case, officer_user):
    with pytest.raises(CaseRefused) as refused:
        take_step(case_id=case.pk, step="issue_notices", user=officer_user, data={},
                  today=D("2026-01-05"))  # fmt: skip
    assert refused.value.reasons == ["请填写制发日期", "通知书须由两名不同的执法人员签署"]
    case.refresh_from_db()
    assert (case.stage, case.version, history(case)) == ("flagged", 0, [])


def test_returned_mail_waits_for_the_receipts_period_then_sweep_and_restrictions(
    case, officer_user, officers, city_reviewer
):
    from hecha.cases.selectors import restrictions_for

    to_submitted(case, officer_user, officers, city_reviewer)
    record_mailing(rows=[(case.pk, "EA200")], mailed_on=D("2026-01-09"), user=city_reviewer,
                   today=D("2026-01-09"))  # fmt: skip
    record_delivery(
        tracking_no="EA200", returned_on=D("2026-01-15"), user=city_reviewer, today=D("2026-01-15")
    )
    before = history(case)
    with pytest.raises(
        CaseRefused, match="回执收集期至 2026-01-23.*已退件，届满后与其他失联企业一并公告"
    ):
        publish_announcement(case_ids=[case.pk], published_on=D("2026-01-16"), user=city_reviewer,
                             today=D("2026-01-16"))  # fmt: skip
    case.refresh_from_db()
    assert (case.stage, history(case)) == ("mailed", before)
    publish_announcement(
        case_ids=[case.pk], published_on=D("2026-01-26"), user=city_reviewer, today=D("2026-01-26")
    )
    case.refresh_from_db()
    assert (case.stage, case.deemed_served_on) == ("announced", D("2026-02-25"))
    assert restrictions_for(case.uscc, D("2026-02-24")) == []
    assert sweep(today=D("2026-02-24"))["deemed_served"] == 0
    assert sweep(today=D("2026-02-25"))["deemed_served"] == 1
    assert sweep(today=D("2026-02-25"))["deemed_served"] == 0  # idempotent
    case.refresh_from_db()
    assert (case.stage, case.served_on, case.rectification_until) == (
        "rectifying",
        D("2026-02-25"),
        D("2026-05-25"),
    )
    during = restrictions_for(case.uscc, D("2026-03-01"))
    assert {r["kind"] for r in during} == {"upgrade", "add_item", "new_projects"}
    assert {(r["until"], r["status"], r["status_label"]) for r in during} == {
        (D("2026-05-25"), "rectification_period", "整改期间")
    }
    after = restrictions_for(case.uscc, D("2026-05-26"))
    assert {(r["until"], r["status"], r["statutory"]) for r in after} == {
        (None, "awaiting_recheck", False)
    }
    assert "cases.deem_served" in history(case)


def test_evidence_type_is_checked_from_content(case, officer_user):
    with pytest.raises(CaseRefused, match="PNG、JPEG 图片或 PDF"):
        add_evidence(case_id=case.pk, user=officer_user, name="x.png",
                     content=b"GIF89a....", shown_date=D("2026-01-05"))  # fmt: skip
    with pytest.raises(CaseRefused, match="不能超过 10 MB"):
        add_evidence(case_id=case.pk, user=officer_user, name="x.png",
                     content=PNG + b"\x00" * (10 * 1024 * 1024), shown_date=D("2026-01-05"))  # fmt: skip
    assert case.evidence.count() == 0
    evidence = add_evidence(case_id=case.pk, user=officer_user, name="四库截图.png",
                            content=PNG, shown_date=D("2026-01-05"))  # fmt: skip
    assert (evidence.content_type, len(evidence.sha256)) == ("image/png", 64)


def test_api_lists_own_cases_and_hides_others(client, case, officer_user, other_officer):
    client.force_login(officer_user)
    listed = client.get("/api/cases?limit=1000").json()
    assert listed and {c["district_code"] for c in listed} == {case.district_id}
    assert client.get(f"/api/cases/{case.pk}").json()["stage"] == "flagged"
    client.force_login(other_officer)
    hidden = client.get(f"/api/cases/{case.pk}")
    missing = client.get("/api/cases/99999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json() == {"detail": "案件不存在"}
    step = client.post(f"/api/cases/{case.pk}/steps/withdraw", {"data": {"reason": "x"}},
                       content_type="application/json")  # fmt: skip
    assert step.status_code == 404


def test_api_step_and_stale_version(client, case, officer_user, officers):
    client.force_login(officer_user)
    body = {
        "version": 0,
        "data": {"notices_on": "2026-01-05", "officer_ids": [o.pk for o in officers]},
    }
    ok = client.post(
        f"/api/cases/{case.pk}/steps/issue_notices", body, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["stage"] == "notices_issued"
    again = client.post(
        f"/api/cases/{case.pk}/steps/issue_notices", body, content_type="application/json"
    )
    assert again.status_code == 409 and "已被他人处理" in again.json()["detail"]
    bad = client.post(f"/api/cases/{case.pk}/steps/record_call", {"data": {"called_at": "2026-02-30"}},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and bad.json()["detail"].startswith("参数错误：called_at")


def test_public_restriction_api(client, case):
    from stdnum.cn import uscc

    unknown = "91210102MA0Y99999"
    unknown += uscc.calc_check_digit(unknown)
    assert client.get(f"/api/public/restrictions/{unknown}").json() == {
        "uscc": unknown, "restricted": False, "restrictions": []}  # fmt: skip
    assert client.get(f"/api/public/restrictions/{case.uscc}").json()["restricted"] is False
    bad = client.get("/api/public/restrictions/91210102MA0Y9999")
    assert bad.status_code == 400 and "18位" in bad.json()["detail"]


@pytest.mark.django_db(transaction=True)
def test_two_officers_take_the_same_step_at_once_one_wins(reference_data, tmp_path):
    """Both load the form at version 0 and submit together: the row lock lets one through,
    the other is told the case moved on. Needs a server database (SQLite serialises writers)."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database; CI runs PostgreSQL")
    from hecha.accounts.models import District, Officer, User
    from hecha.cases.models import Campaign, Case
    from hecha.checks.models import CheckRun, StandardVersion
    from hecha.reference import load_reference_data

    list(load_reference_data())
    district = District.objects.get(code="210102")
    lead = User.objects.create_user("lead", role="city_lead")
    run = CheckRun.objects.create(as_of=D("2026-01-02"), standard=StandardVersion.objects.first(),
                                  standard_sha256="x", status="done")  # fmt: skip
    case = Case.objects.create(campaign=Campaign.objects.create(name="c", run=run, opened_by=lead),
                               uscc="91210102MA0P000011", enterprise_name="甲", district=district)  # fmt: skip
    officers = [Officer.objects.create(name=n, certificate_no=n, valid_from=D("2025-01-01"),
                                       valid_until=D("2028-01-01"), district=district) for n in ("甲", "乙")]  # fmt: skip
    users = [
        User.objects.create_user(f"o{i}", role="district_officer", district=district)
        for i in range(2)
    ]
    barrier, outcomes = threading.Barrier(2), []

    def submit(user):
        barrier.wait()
        try:
            take_step(case_id=case.pk, step="issue_notices", user=user, version=0, today=D("2026-01-05"),
                      data={"notices_on": D("2026-01-05"), "officer_ids": [o.pk for o in officers]})  # fmt: skip
            outcomes.append("won")
        except CaseRefused as refused:
            outcomes.append(str(refused))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("won") == 1 and len(outcomes) == 2
    assert next(o for o in outcomes if o != "won").startswith("案件已被他人处理")

    assert case.documents.count() == 2  # one set of notices, not two


def test_campaign_needs_a_published_city_wide_run(campaign, city_lead, shenhe_officer):
    from hecha.cases.services import open_campaign
    from hecha.checks.models import CheckRun, StandardVersion

    draft = StandardVersion.objects.create(version="draft-1", title="草案", document="x", status="draft",
                                           effective_from=D("2026-01-01"), source_yaml="", sha256="x")  # fmt: skip
    what_if = CheckRun.objects.create(as_of=D("2026-01-02"), standard=draft, standard_sha256="x",
                                      what_if=True, status="done")  # fmt: skip
    with pytest.raises(CaseRefused, match="试算比对（标准草案）不能发起核查批次"):
        open_campaign(run_id=what_if.pk, user=city_lead)
    district_run = CheckRun.objects.create(as_of=D("2026-01-02"), standard=campaign.run.standard,
                                           standard_sha256="x", district_id="210103", status="done")  # fmt: skip
    with pytest.raises(CaseRefused, match="须基于全市范围的比对"):
        open_campaign(run_id=district_run.pk, user=city_lead)
    with pytest.raises(CaseRefused, match="只有市局负责人"):
        open_campaign(run_id=campaign.run_id, user=shenhe_officer)


def test_dates_in_an_unloaded_year_are_flagged_and_recomputed_when_it_loads(
    client, case, city_lead
):
    from hecha.calendars.models import HolidaySchedule
    from hecha.cases.models import Case

    Case.objects.filter(pk=case.pk).update(stage="rectifying", served_on=D("2026-11-24"),
                                           rectification_until=D("2027-02-24"))  # fmt: skip
    client.force_login(city_lead)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "2027 年的国务院节假日安排尚未载入" in page
    HolidaySchedule.objects.create(year=2027, notice_no="测试", notice_date=D("2026-11-05"),
                                   rest_days=["2027-02-24"], working_days=[])  # fmt: skip
    assert sweep(today=D("2026-12-01"))["dates_recomputed"] == 1
    case.refresh_from_db()
    assert case.rectification_until == D("2027-02-25")
    assert "cases.dates_recomputed" in history(case)
    assert sweep(today=D("2026-12-01"))["dates_recomputed"] == 0
    assert "尚未载入" not in client.get(f"/cases/{case.pk}/").content.decode()


def test_every_record_and_document_a_step_declares_is_implemented():
    from hecha.cases.services import effects
    from hecha.workflow.procedure import STEPS

    declared = {
        (kind, name)
        for step in STEPS.values()
        for kind, names in [
            ("inputs", step.inputs),
            ("records", step.records),
            ("documents", step.documents),
        ]  # fmt: skip
        for name in names
    }
    registry = {
        "inputs": effects.INPUTS,
        "records": effects.RECORDS,
        "documents": effects.DOCUMENTS,
    }
    assert {(k, n) for k, n in declared if n not in registry[k]} == set()
    assert {(k, n) for k, reg in registry.items() for n in reg} == declared  # nothing unused
    assert STEPS["issue_notices"].documents == ("notices",)
