"""The procedure without holes, through the services and pages: who may close what, an
unanswered call taken to mailing, the re-check on fresh data with dated evidence and two
officers, the signed overdue list before the city's re-check, late compliance by policy,
restrictions by status, statements and defence before the revocation decision."""

import pytest

from hecha.cases.services import CaseRefused, record_mailing, take_step
from tests.cases import walk
from tests.cases.walk import D


def history(case):
    from hecha.audit.models import AuditEntry
    from hecha.audit.sentences import sentence

    rows = AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk)).order_by(
        "seq"
    )
    return [sentence(e.action, e.actor_name, e.data) for e in rows]


def user(name, role, case=None):
    from hecha.accounts.models import User

    return User.objects.create_user(name, role=role, district=case.district if case else None)


def test_an_unanswered_call_goes_on_to_mailing_at_the_registered_address(
    case, officer_user, officers, city_reviewer
):
    walk.notices(case, officer_user, officers)
    with pytest.raises(CaseRefused, match="请选择通话结果"):
        walk.call(case, officer_user, outcome="")
    walk.call(case, officer_user, outcome="no_answer", result="连续三日拨打无人接听")
    case.refresh_from_db()
    assert (case.stage, case.contact_outcome, case.address_checked) == (
        "enterprise_contacted", "no_answer", False)  # fmt: skip
    assert case.calls.get().answered_by == ""
    assert "无人接听，邮寄地址未经电话核对，以企业登记的地址为准" in history(case)[-1]
    from hecha.cases.services import accept_submission, submit_to_city

    accept_submission(submission_id=submit_to_city(case_ids=[case.pk], user=officer_user,
                                                   today=D("2026-01-07")).pk, user=city_reviewer)  # fmt: skip
    record_mailing(rows=[(case.pk, "EN1")], mailed_on=D("2026-01-09"), user=city_reviewer,
                   today=D("2026-01-09"))  # fmt: skip
    case.refresh_from_db()
    assert case.stage == "mailed"


def test_the_case_page_says_who_may_close_it(client, case, officer_user, city_lead):
    client.force_login(officer_user)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "案件尚未报送市局：撤销核查由区县负责人决定" in page
    assert 'id="step-withdraw"' not in page  # an officer is offered no close
    from hecha.cases.models import Case

    Case.objects.filter(pk=case.pk).update(stage="revocation_noticed")
    client.force_login(city_lead)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "撤回告知书已下达：仅市局负责人可以撤销核查" in page and 'id="step-withdraw"' in page


def test_closing_by_each_lead_at_their_level_with_evidence_where_the_reason_needs_it(
    client, case, city_lead, officer_user, officers
):
    district_lead = user("lead", "district_lead", case)
    data = {"reason_code": "enterprise_closed", "reason": "企业已于2026年1月注销"}
    with pytest.raises(CaseRefused, match="案件尚未报送市局：撤销核查由区县负责人决定"):
        take_step(case_id=case.pk, step="withdraw", user=city_lead, data=data)
    with pytest.raises(CaseRefused, match="须先上传证明材料"):
        take_step(case_id=case.pk, step="withdraw", user=district_lead, data=data)
    case.refresh_from_db()
    assert (case.stage, case.version) == ("flagged", 0)
    walk.evidence(case, district_lead, shown="2026-01-20", purpose="withdrawal")
    take_step(
        case_id=case.pk, step="withdraw", user=district_lead, data=data, today=D("2026-01-21")
    )
    case.refresh_from_db()
    assert (case.stage, case.close_reason_code, case.closed_on) == (
        "withdrawn", "enterprise_closed", D("2026-01-21"))  # fmt: skip
    assert case.close_reason == "企业已注销、吊销或迁出本市：企业已于2026年1月注销"
    assert history(case)[-1].endswith(
        "撤销核查（企业已注销、吊销或迁出本市）：企业已于2026年1月注销"
    )
    with pytest.raises(CaseRefused, match="案件已结案"):
        walk.evidence(case, district_lead, purpose="withdrawal")


def test_a_withdrawal_through_the_page_with_a_bad_reason_changes_nothing(client, case):
    district_lead = user("lead", "district_lead", case)
    client.force_login(district_lead)
    page = client.post(f"/cases/{case.pk}/steps/withdraw/",
                       {"withdraw-version": 0, "withdraw-reason_code": "because", "withdraw-reason": "x"},
                       follow=True).content.decode()  # fmt: skip
    assert "撤销核查未完成" in page and "请选择撤销理由" in page
    case.refresh_from_db()
    assert (case.stage, case.version) == ("flagged", 0)


def test_the_district_recheck_needs_a_run_after_the_period_and_dated_evidence(
    case, officer_user, officers, city_reviewer
):
    walk.served(case, officer_user, officers, city_reviewer)
    walk.evidence(case, officer_user, shown="2026-02-01")  # a screenshot from within the period
    with pytest.raises(CaseRefused) as refused:
        walk.district_recheck(case, officer_user, officers)
    assert refused.value.reasons[0].startswith("整改期满（2026-04-13）后尚无比对了该企业的系统比对")
    assert "截图日期均不晚于整改期限（2026-04-13）" in refused.value.reasons[1]
    walk.run("2026-04-13")  # on the last day of the period: not after it
    with pytest.raises(CaseRefused, match="尚无比对了该企业的系统比对"):
        walk.district_recheck(case, officer_user, officers)
    fresh = walk.run("2026-04-14")
    with pytest.raises(CaseRefused, match="区县复查须由两名不同的执法人员签署"):
        walk.district_recheck(case, officer_user, officers[:1], evidence_reason="x")
    case.refresh_from_db()
    assert (case.stage, case.recheck_run_id) == ("rectifying", None)
    walk.evidence(case, officer_user, shown="2026-04-14")
    walk.district_recheck(case, officer_user, officers)
    case.refresh_from_db()
    assert (case.stage, case.recheck_run_id, case.recheck_result) == (
        "district_recheck", fresh.pk, "short")  # fmt: skip
    assert (case.recheck_officer_a.name, case.recheck_officer_b.name) == ("张伟", "李娜")
    assert case.rechecks.get().run_id == fresh.pk
    assert (
        f"依据比对 #{fresh.pk}：仍不符合资质标准；执法人员 张伟（辽执001）、李娜（辽执002）"
        in history(case)[-2]
    )


def test_the_city_recheck_needs_the_districts_signed_overdue_list(
    client, case, officer_user, officers, city_reviewer
):
    from hecha.accounts.models import Officer
    from hecha.cases.services import issue_overdue_list

    walk.rechecked(case, officer_user, officers, city_reviewer)
    with pytest.raises(CaseRefused, match="逾期整改未达标企业清单"):
        take_step(
            case_id=case.pk, step="city_recheck", user=city_reviewer, data={"conclusion": "x"}
        )
    expired = Officer.objects.create(name="王五", certificate_no="辽执003", valid_from=D("2024-01-01"),
                                     valid_until=D("2026-03-31"), district=case.district)  # fmt: skip
    with pytest.raises(CaseRefused, match="王五的执法证（辽执003）在 2026-04-15 不在有效期内"):
        issue_overdue_list(user=officer_user, officer_ids=[officers[0].pk, expired.pk],
                           today=D("2026-04-15"))  # fmt: skip
    assert case.documents.filter(kind="overdue_list").count() == 0
    client.force_login(officer_user)
    assert 'id="overdue-list-form"' in client.get("/cases/").content.decode()
    doc = issue_overdue_list(user=officer_user, officer_ids=[o.pk for o in officers],
                             today=D("2026-04-15"))  # fmt: skip
    case.refresh_from_db()
    assert case.overdue_list.document == doc and case.overdue_list.officer_b.name == "李娜"
    assert (case.next_step, case.owed_by) == ("市局二次复查", "市局")
    assert "列入逾期整改未达标企业清单" in history(case)[-1]
    assert 'id="overdue-list-form"' not in client.get("/cases/").content.decode()
    with pytest.raises(CaseRefused, match="没有待列入清单"):
        issue_overdue_list(user=officer_user, officer_ids=[o.pk for o in officers])
    take_step(case_id=case.pk, step="city_recheck", user=city_reviewer, today=D("2026-04-20"),
              data={"conclusion": "确认仍不满足"})  # fmt: skip
    case.refresh_from_db()
    assert case.stage == "city_recheck"


def test_compliance_after_the_period_closes_by_the_bureaus_policy_recorded_on_the_case(
    client, case, officer_user, officers, city_reviewer, tmp_path
):
    walk.served(case, officer_user, officers, city_reviewer)
    walk.hire(case, tmp_path / "hired", "2026-04-20")
    client.force_login(officer_user)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "期满后达标：以复查结论为准" in page and "已符合资质标准" in page
    walk.evidence(case, officer_user, shown="2026-04-20")
    with pytest.raises(CaseRefused, match="应按整改达标结案"):
        walk.district_recheck(case, officer_user, officers, on="2026-04-21")
    take_step(case_id=case.pk, step="close_rectified", user=officer_user, today=D("2026-04-21"))
    case.refresh_from_db()
    assert (case.stage, case.late_compliance_policy) == ("rectified", "recheck_decides")
    assert case.close_reason.endswith("整改期满后已符合标准；期满后达标：按本局政策结案")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "期满后达标的处理（本案已适用）" in page


def test_under_the_continue_policy_late_compliance_goes_on_to_the_recheck(
    case, officer_user, officers, city_reviewer, tmp_path, monkeypatch
):
    monkeypatch.setenv("HECHA_LATE_COMPLIANCE", "continue")
    walk.served(case, officer_user, officers, city_reviewer)
    walk.hire(case, tmp_path / "hired", "2026-04-20")
    with pytest.raises(CaseRefused, match="期满后达标：继续撤回程序"):
        take_step(case_id=case.pk, step="close_rectified", user=officer_user, today=D("2026-04-21"))
    walk.evidence(case, officer_user, shown="2026-04-20")
    walk.district_recheck(case, officer_user, officers, on="2026-04-21")
    case.refresh_from_db()
    assert (case.stage, case.recheck_result, case.late_compliance_policy) == (
        "district_recheck", "meets", "continue")  # fmt: skip


def test_restrictions_are_labelled_by_status_and_end_with_the_case(
    client, case, officer_user, officers, city_reviewer, city_lead, monkeypatch
):
    walk.listed(case, officer_user, officers, city_reviewer)
    monkeypatch.setattr("hecha.clock.today", lambda: D("2026-04-16"))
    body = client.get(f"/api/public/restrictions/{case.uscc}").json()
    assert body["restricted"] is True
    assert {(r["status"], r["status_label"], r["until"]) for r in body["restrictions"]} == {
        ("revocation_pending", "整改期满未达标，撤回程序中", None)}  # fmt: skip
    page = client.get(f"/public/restrictions/?uscc={case.uscc}").content.decode()
    assert "整改期满未达标，撤回程序中" in page and "本局政策" in page and "至核查程序终结" in page
    assert "18位" in client.get("/public/restrictions/?uscc=123").content.decode()
    from hecha.cases.models import Case

    Case.objects.filter(pk=case.pk).update(stage="withdrawn")
    assert client.get(f"/api/public/restrictions/{case.uscc}").json()["restricted"] is False
    assert (
        'id="no-restriction"'
        in client.get(f"/public/restrictions/?uscc={case.uscc}").content.decode()
    )


def test_statements_and_defence_then_the_revocation_decision(
    client, case, officer_user, officers, city_reviewer, city_lead
):
    walk.noticed(case, officer_user, officers, city_reviewer, city_lead)
    case.refresh_from_db()
    assert case.revocation_served_on == D("2026-06-05")
    client.force_login(city_lead)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "陈述、申辩期至 <strong>2026-06-22</strong>" in page
    take_step(case_id=case.pk, step="record_statement", user=city_reviewer, today=D("2026-06-10"),
              data={"received_on": D("2026-06-10"), "kind": "statement",
                    "summary": "企业称已新聘两名二级建造师，社保正在转入"})  # fmt: skip
    with pytest.raises(CaseRefused, match="尚未答复"):
        take_step(case_id=case.pk, step="revoke", user=city_lead, today=D("2026-06-23"))
    with pytest.raises(CaseRefused, match="期满后方可作出撤回决定"):
        take_step(case_id=case.pk, step="revoke", user=city_lead, today=D("2026-06-22"))
    take_step(case_id=case.pk, step="respond_statement", user=city_lead, today=D("2026-06-15"),
              data={"responded_on": D("2026-06-15"), "outcome": "upheld",
                    "response": "经核查新聘人员社保仍由其他单位缴纳，不计入"})  # fmt: skip
    statement = case.statements.get()
    assert (statement.within_period, statement.response_outcome) == (True, "upheld")
    take_step(case_id=case.pk, step="revoke", user=city_lead, today=D("2026-06-23"))
    case.refresh_from_db()
    assert (case.stage, case.closed_on) == ("revoked", D("2026-06-23"))
    decision = case.documents.get(kind="revocation_decision")
    assert decision.number.startswith("沈建核〔2026〕")
    sentences = history(case)
    assert any(
        "登记企业的陈述、申辩（2026-06-10 收到，期限至 2026-06-22，期限内）" in s for s in sentences
    )
    assert any("理由不成立，维持拟撤回决定。复核意见：经核查新聘人员社保" in s for s in sentences)
    assert sentences[-2].endswith("作出撤回该企业资质的决定")


def test_a_refused_decision_document_refuses_the_revocation(
    case, officer_user, officers, city_reviewer, city_lead, monkeypatch
):
    from hecha.documents.services import DocumentRefused

    walk.noticed(case, officer_user, officers, city_reviewer, city_lead)

    def refuse(*args, **kwargs):
        raise DocumentRefused("文书编号日期早于同机关已有编号，未制发")

    monkeypatch.setattr("hecha.documents.issuing.issue_revocation_decision", refuse)
    with pytest.raises(CaseRefused, match="未制发"):
        take_step(case_id=case.pk, step="revoke", user=city_lead, today=D("2026-06-23"))
    case.refresh_from_db()
    assert case.stage == "revocation_noticed" and not case.documents.filter(
        kind="revocation_decision"
    )


def test_the_overdue_list_through_the_api(client, case, officer_user, officers, city_reviewer):
    walk.rechecked(case, officer_user, officers, city_reviewer)
    client.force_login(city_reviewer)
    url = "/api/cases/batches/overdue-lists"
    refused = client.post(
        url, {"officer_ids": [o.pk for o in officers]}, content_type="application/json"
    )
    assert (
        refused.status_code == 400
        and refused.json()["detail"] == "逾期整改未达标企业清单由区县出具"
    )
    client.force_login(officer_user)
    one = client.post(url, {"officer_ids": [officers[0].pk]}, content_type="application/json")
    assert one.status_code == 400 and "须由两名不同的执法人员签署" in one.json()["detail"]
    done = client.post(
        url, {"officer_ids": [o.pk for o in officers]}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["cases"] == 1
    body = client.get(f"/api/cases/{case.pk}").json()
    assert (body["recheck_result"], body["contact_outcome"], body["address_checked"]) == (
        "short", "informed", True)  # fmt: skip


def test_a_step_knows_no_comparison_dated_after_it(case, officer_user, officers, city_reviewer):
    walk.served(case, officer_user, officers, city_reviewer)
    walk.run("2026-04-20")
    walk.evidence(case, officer_user, shown="2026-04-14")
    with pytest.raises(CaseRefused, match="尚无比对了该企业的系统比对"):
        walk.district_recheck(case, officer_user, officers, on="2026-04-14")
    walk.district_recheck(case, officer_user, officers, on="2026-04-20")
    case.refresh_from_db()
    assert case.stage == "district_recheck"
