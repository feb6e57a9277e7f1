"""The case page offers exactly the steps its user may take now, each with its form inline;
batch steps go through a confirmation naming the cases; refused forms keep their input."""

from datetime import date

import pytest

from hecha.cases.models import Case
from tests.cases import walk

D = date.fromisoformat


@pytest.fixture
def today(monkeypatch):
    class Day:
        value = D("2026-01-06")

    monkeypatch.setattr("hecha.clock.today", lambda: Day.value)
    return Day


def html(response) -> str:
    return response.content.decode()


def test_a_contacted_case_offers_the_submission_with_its_confirmation(
    client, case, officer_user, officers, today
):
    walk.notices(case, officer_user, officers)
    walk.call(case, officer_user)
    client.force_login(officer_user)
    page = html(client.get(f"/cases/{case.pk}/"))
    assert 'id="step-submit_to_city"' in page and f"/cases/submit/?case={case.pk}" in page
    confirm = html(client.get(f"/cases/submit/?case={case.pk}"))
    assert "确认报送市局" in confirm and case.enterprise_name in confirm
    assert Case.objects.get(pk=case.pk).stage == "enterprise_contacted"
    # the list's form posts without confirmation: it lands on the same page, nothing submitted
    unconfirmed = html(client.post("/cases/submit/", {"case": [case.pk]}))
    assert "确认报送" in unconfirmed and case.enterprise_name in unconfirmed
    assert Case.objects.get(pk=case.pk).stage == "enterprise_contacted"
    client.post("/cases/submit/", {"case": [case.pk], "confirm": "1"})
    assert Case.objects.get(pk=case.pk).stage == "submitted_to_city"


def test_no_button_for_a_step_that_would_be_refused(client, case, city_lead, today):
    client.force_login(city_lead)
    page = html(client.get(f"/cases/{case.pk}/"))
    # a flagged case: the city lead takes no step but the withdrawal, which the district
    # lead decides before submission
    assert 'id="step-close_rectified"' not in page and 'id="step-issue_notices"' not in page
    assert 'id="step-withdraw"' not in page


def test_closing_as_rectified_is_not_offered_while_the_enterprise_is_short(
    client, case, officer_user, officers, city_reviewer, city_lead, today
):
    today.value = D("2026-05-01")
    walk.noticed(case, officer_user, officers, city_reviewer, city_lead)
    Case.objects.filter(pk=case.pk).update(stage="city_recheck")
    client.force_login(city_lead)
    page = html(client.get(f"/cases/{case.pk}/"))
    assert 'id="step-close_rectified"' not in page
    assert "暂不能办理" in page and "整改达标结案" in page


def test_withdrawal_is_secondary_and_asks_for_confirmation(client, case, today):
    from hecha.accounts.models import User

    lead = User.objects.create_user("lead", role="district_lead", district=case.district)
    client.force_login(lead)
    page = html(client.get(f"/cases/{case.pk}/"))
    assert '<details class="card danger-zone" id="withdraw"' in page
    assert 'class="danger">撤销核查</button>' in page
    data = {"withdraw-version": 0, "withdraw-reason_code": "duplicate", "withdraw-reason": "重复"}
    refused = client.post(f"/cases/{case.pk}/steps/withdraw/", data)
    assert refused.status_code == 400 and "请勾选确认撤销核查" in html(refused)
    assert Case.objects.get(pk=case.pk).stage == "flagged"
    client.post(f"/cases/{case.pk}/steps/withdraw/", data | {"withdraw-confirm": "on"})
    assert Case.objects.get(pk=case.pk).stage == "withdrawn"


def test_a_refused_form_keeps_the_input_and_names_the_field(
    client, case, officer_user, officers, today
):
    walk.notices(case, officer_user, officers)
    client.force_login(officer_user)
    version = Case.objects.get(pk=case.pk).version
    response = client.post(f"/cases/{case.pk}/steps/record_call/",
                           {"record_call-version": version, "record_call-result": "企业说下周回电",
                            "record_call-mailing_address": "沈阳市和平区南京街9号"})  # fmt: skip
    page = html(response)
    assert response.status_code == 400
    assert "请填写通话日期" in page and "请选择通话结果" in page
    assert "这个字段是必填项" not in page
    assert "企业说下周回电</textarea>" in page and 'value="沈阳市和平区南京街9号"' in page
    assert 'class="field invalid"' in page
    assert Case.objects.get(pk=case.pk).stage == "notices_issued"


def test_a_refusal_by_the_procedure_keeps_the_input_too(
    client, case, officer_user, officers, today
):
    walk.notices(case, officer_user, officers)
    client.force_login(officer_user)
    version = Case.objects.get(pk=case.pk).version
    response = client.post(f"/cases/{case.pk}/steps/record_call/",
                           {"record_call-version": version, "record_call-called_at": "2026-01-04",
                            "record_call-outcome": "informed", "record_call-answered_by": "王经理",
                            "record_call-mailing_address": "沈阳市和平区南京街9号"})  # fmt: skip
    page = html(response)
    assert "通话日期（2026-01-04）不能早于通知书制发日期（2026-01-05）" in page
    assert 'value="王经理"' in page
    assert Case.objects.get(pk=case.pk).stage == "notices_issued"


def test_the_case_page_shows_the_enterprises_phone(client, case, officer_user):
    from hecha.registry.models import Enterprise

    phone = Enterprise.objects.get(uscc=case.uscc, is_current=True).phone
    client.force_login(officer_user)
    page = html(client.get(f"/cases/{case.pk}/"))
    assert 'id="enterprise-phone"' in page and (phone or "未登记") in page


def test_the_revocation_notice_does_not_ask_for_a_tracking_number_it_cannot_have(
    client, case, officer_user, officers, city_reviewer, city_lead, today
):
    from hecha.cases.services import take_step

    today.value = D("2026-05-07")
    walk.noticed(case, officer_user, officers, city_reviewer, city_lead)
    Case.objects.filter(pk=case.pk).update(revocation_tracking_no="")
    client.force_login(city_lead)
    page = html(client.get(f"/cases/{case.pk}/"))
    assert 'id="step-record_revocation_mail"' in page
    take_step(case_id=case.pk, step="record_revocation_mail", user=city_reviewer,
              data={"tracking_no": "EB123"}, today=D("2026-05-07"))  # fmt: skip
    assert Case.objects.get(pk=case.pk).revocation_tracking_no == "EB123"
    assert 'id="step-record_revocation_mail"' not in html(client.get(f"/cases/{case.pk}/"))


def test_batch_issuing_previews_the_first_notice_and_its_numbers_then_shows_the_files(
    client, campaign, officer_user, officers, today
):
    from hecha.documents.models import Document

    flagged = list(campaign.cases.filter(district_id=officer_user.district.code, stage="flagged"))
    client.force_login(officer_user)
    data = {"notices_on": "2026-01-05", "officer_ids": [o.pk for o in officers],
            "cases": [c.pk for c in flagged]}  # fmt: skip
    preview = html(client.post("/cases/notices/", data | {"action": "preview"}))
    assert 'id="batch-preview"' in preview and "行政检查通知书" in preview
    assert f"将制发 <strong>{2 * len(flagged)}</strong> 份文书" in preview
    assert "〔2026〕1号" in preview and f"〔2026〕{2 * len(flagged)}号" in preview
    assert Document.objects.count() == 0
    assert set(Case.objects.filter(pk__in=data["cases"]).values_list("stage", flat=True)) == {
        "flagged"
    }
    done = client.post("/cases/notices/", data | {"action": "issue"})
    assert done["Content-Type"].startswith("text/html")
    page = html(done)
    assert f"已为 {len(flagged)} 家企业制发通知书 {2 * len(flagged)} 份" in page
    assert Document.objects.count() == 2 * len(flagged)
    zipped = client.get("/cases/notices/notices.zip", {"case": data["cases"]})
    assert zipped["Content-Type"] == "application/zip"
