"""The eighth document: 撤回建筑企业资质决定书, from the case's record."""

from datetime import date

from hecha.documents import issuing
from tests.documents.test_documents import text_of

D = date.fromisoformat


def revocation_ready(case, officer_user, officers, city_lead):
    """A case carried to the served notice of intended revocation (fields set as the steps
    would set them: the procedure's own tests walk the steps)."""
    from hecha.cases.models import Case
    from hecha.cases.services import take_step

    take_step(case_id=case.pk, step="issue_notices", user=officer_user, today=D("2026-01-05"),
              data={"notices_on": D("2026-01-05"), "officer_ids": [o.pk for o in officers]})  # fmt: skip
    Case.objects.filter(pk=case.pk).update(
        stage="revocation_noticed", signed_on=D("2026-01-20"), served_on=D("2026-01-20"),
        rectification_until=D("2026-04-20"), district_rechecked_on=D("2026-04-27"),
        city_rechecked_on=D("2026-05-06"), revocation_announced_on=D("2026-05-08"),
        revocation_served_on=D("2026-06-08"),
    )  # fmt: skip
    case.refresh_from_db()
    notice = issuing.issue_revocation_notice(case, city_lead, D("2026-05-08"))
    return case, notice


def test_decision_states_the_record_basis_and_is_numbered_by_the_city(
    case, officer_user, officers, city_lead
):
    case, notice = revocation_ready(case, officer_user, officers, city_lead)
    decision = issuing.issue_revocation_decision(case, user=city_lead, on=D("2026-06-22"))
    text = text_of(decision)
    assert decision.kind == "revocation_decision" and decision.number == "沈建核〔2026〕2号"
    assert decision.case_id == case.pk and decision.code in text
    for value in ("于2026年1月20日由你单位签收", "2026年4月20日", "2026年4月27日", "2026年5月6日",
                  notice.number, "2026年6月8日", "第二十八条", "未提出陈述、申辩"):  # fmt: skip
        assert value in text, value
    assert "第八条" not in text and "第三十一条" not in text


def test_statement_deadline_is_a_working_day_date_with_its_basis(reference_data):
    deadline = issuing.statement_deadline(D("2026-09-24"))
    # 10 working days after Thu 24 Sep 2026: 28–30 Sep (3), 1–7 Oct national-day rest,
    # 8, 9 Oct (5), Sat 10 Oct an adjusted working day (6), 12–15 Oct (10)
    assert deadline.value == D("2026-10-15")
    assert "10个工作日" in deadline.basis and "本局政策" in deadline.basis


def test_decision_prints_the_statements_and_the_citys_answer(
    case, officer_user, officers, city_lead
):
    from hecha.cases.models import Statement

    case, _ = revocation_ready(case, officer_user, officers, city_lead)
    Statement.objects.create(case=case, kind="statement", received_on=D("2026-06-10"),
                             summary="已新聘2名注册建造师，正在办理注册变更", period_until=D("2026-06-22"),
                             recorded_by=city_lead, response="注册变更尚未完成，整改期满后仍不符合资质标准",
                             response_outcome="upheld", responded_on=D("2026-06-15"))  # fmt: skip
    text = text_of(issuing.issue_revocation_decision(case, user=city_lead, on=D("2026-06-23")))
    assert "你单位于2026年6月10日提出陈述、申辩：已新聘2名注册建造师，正在办理注册变更" in text
    assert "本机关于2026年6月15日复核认为：注册变更尚未完成" in text
    assert "未提出陈述、申辩" not in text


def test_silence_names_the_printed_deadline(case, officer_user, officers, city_lead):
    case, notice = revocation_ready(case, officer_user, officers, city_lead)
    deadline = notice.content["statement_due_cn"]
    # served 2026-06-08 (Mon): ten working days, the Dragon Boat rest of 19–21 June skipped
    assert deadline == "2026年6月23日"
    text = text_of(issuing.issue_revocation_decision(case, user=city_lead, on=D("2026-06-24")))
    assert f"你单位在陈述、申辩期限内（至{deadline}）未提出陈述、申辩。" in text
