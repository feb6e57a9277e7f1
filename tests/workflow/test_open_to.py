"""open_to(): why a step is not open now whatever the user enters — the page's rule for which
buttons to show. Checks on the input (dates, officers, reasons) never close a step."""

from datetime import date

import pytest

from hecha.law.calendar import WorkCalendar, builtin_schedules
from hecha.workflow.procedure import Actor, CaseFacts, open_to
from hecha.workflow.stages import Stage

D = date.fromisoformat
CAL = WorkCalendar(builtin_schedules())
OFFICER = Actor("district_officer", "210102")
CITY_LEAD = Actor("city_lead", None)
REVIEWER = Actor("city_reviewer", None)


def why(step, facts, actor, today="2026-05-01"):
    return open_to(step, facts, actor=actor, today=D(today), calendar=CAL)


@pytest.mark.parametrize(
    ("step", "stage", "actor"),
    [
        ("issue_notices", Stage.FLAGGED, OFFICER),  # needs a date and two officers: the form asks
        ("record_call", Stage.NOTICES_ISSUED, OFFICER),
        ("submit_to_city", Stage.ENTERPRISE_CONTACTED, OFFICER),
        ("notice_revocation", Stage.CITY_RECHECK, CITY_LEAD),
    ],
)
def test_a_step_that_only_needs_input_is_open(step, stage, actor):
    assert why(step, CaseFacts(stage=stage, district_code="210102"), actor) == []


def test_closing_as_rectified_is_not_open_while_the_enterprise_is_short():
    facts = CaseFacts(stage=Stage.CITY_RECHECK, district_code="210102", last_check_meets=False)
    assert why("close_rectified", facts, CITY_LEAD)


def test_another_districts_officer_and_the_wrong_stage_are_not_open():
    facts = CaseFacts(stage=Stage.NOTICES_ISSUED, district_code="210103")
    assert why("record_call", facts, OFFICER) == ["该案件不属于您所在的区县"]
    assert (
        "不能进行"
        in why("record_call", CaseFacts(stage=Stage.FLAGGED, district_code="210102"), OFFICER)[0]
    )


def test_mail_waits_for_the_city_to_accept_the_submission():
    facts = CaseFacts(stage=Stage.SUBMITTED_TO_CITY, district_code="210102")
    assert why("mail", facts, REVIEWER) == ["区县报送尚未经市局接收"]
    accepted = CaseFacts(
        stage=Stage.SUBMITTED_TO_CITY, district_code="210102", submission_accepted=True
    )
    assert why("mail", accepted, REVIEWER) == []


def test_the_revocation_mail_number_is_recorded_once():
    facts = CaseFacts(stage=Stage.REVOCATION_NOTICED, district_code="210102")
    assert why("record_revocation_mail", facts, REVIEWER) == []
    done = CaseFacts(stage=Stage.REVOCATION_NOTICED, district_code="210102",
                     revocation_tracking_no="EB1")  # fmt: skip
    assert why("record_revocation_mail", done, REVIEWER) == ["撤回告知书的邮件号已登记（EB1）"]
