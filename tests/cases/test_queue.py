"""The officer's work queue (我的案件), the 承办人 and the reminders before a deadline."""

from datetime import date

import pytest

from hecha.cases.models import Case
from hecha.cases.queue import queue, week_of
from hecha.cases.services import CaseNotFound, CaseRefused, assign_case, sweep, take_step

D = date.fromisoformat
FRIDAY = D("2026-11-27")


@pytest.fixture
def lead(case):
    from hecha.accounts.models import User

    return User.objects.create_user("lead", role="district_lead", district=case.district,
                                    email="lead@example.cn")  # fmt: skip


@pytest.fixture
def issued(case, officer_user, officers):
    officer_user.email = "officer@example.cn"
    officer_user.save()
    take_step(case_id=case.pk, step="issue_notices", user=officer_user, today=D("2026-01-05"),
              data={"notices_on": D("2026-01-05"), "officer_ids": [o.pk for o in officers]})  # fmt: skip
    return Case.objects.get(pk=case.pk)


def audit(case, action):
    from hecha.audit.models import AuditEntry
    from hecha.audit.sentences import sentence

    rows = AuditEntry.objects.filter(object_id=str(case.pk), action=action).order_by("seq")
    return [sentence(e.action, e.actor_name, e.data) for e in rows]


def test_the_week_runs_monday_to_sunday():
    assert week_of(FRIDAY) == (D("2026-11-23"), D("2026-11-29"))
    assert week_of(D("2026-11-23")) == (D("2026-11-23"), D("2026-11-29"))
    assert week_of(D("2026-11-29")) == (D("2026-11-23"), D("2026-11-29"))


def test_the_officer_who_issues_the_notices_carries_the_case(issued, officer_user):
    assert issued.assignee == officer_user
    [entry] = audit(issued, "cases.assigned")
    assert entry.endswith(f"将承办人由 （无） 改为 {officer_user.display_name}（制发通知书）")


def _due(case, deadline, owed_by="区县"):
    Case.objects.filter(pk=case.pk).update(deadline=deadline, owed_by=owed_by)


def test_queue_sorts_my_cases_by_when_they_are_due_and_next_week_is_not_this_week(
    campaign, issued, officer_user
):
    others = list(campaign.cases.exclude(pk=issued.pk).order_by("pk")[:4])
    Case.objects.filter(pk__in=[c.pk for c in others]).update(
        assignee=officer_user, district=issued.district
    )
    _due(issued, FRIDAY)  # today
    _due(others[0], D("2026-11-29"))  # Sunday: this week
    _due(others[1], D("2026-12-02"))  # next Wednesday: not this week
    _due(others[2], D("2026-11-26"))  # yesterday: overdue
    _due(others[3], D("2026-12-01"), owed_by="企业")  # waiting on the enterprise

    q = queue(officer_user, FRIDAY)

    assert [c.pk for c in q.today] == [issued.pk]
    assert [c.pk for c in q.this_week] == [others[0].pk]
    assert others[1].pk in [c.pk for c in q.later]
    assert [c.pk for c in q.overdue] == [others[2].pk]
    assert [c.pk for c in q.waiting] == [others[3].pk]
    assert {c.pk for c in q.reminders} == {issued.pk, others[0].pk}


def test_each_row_links_to_its_next_step(issued, officer_user):
    q = queue(officer_user, D("2026-01-06"))
    row = next(c for c in q.this_week + q.today + q.later if c.pk == issued.pk)
    assert row.action == ("电话告知企业并核对邮寄地址", f"/cases/{issued.pk}/#step-record_call")


def test_another_officers_case_is_not_in_my_queue(issued, case):
    from hecha.accounts.models import User

    colleague = User.objects.create_user(
        "colleague", role="district_officer", district=case.district
    )
    q = queue(colleague, D("2026-01-06"))
    assert issued.pk not in [c.pk for c in q.later + q.this_week + q.today + q.overdue]


def test_a_lead_sees_the_team_and_narrows_it_to_one_assignee(issued, lead, officer_user):
    everyone = queue(lead, D("2026-01-06"))
    mine = queue(lead, D("2026-01-06"), assignee=str(officer_user.pk))
    nobody = queue(lead, D("2026-01-06"), assignee="none")
    assert issued.pk in [c.pk for c in everyone.later + everyone.this_week + everyone.today]
    assert {c.assignee_id for c in mine.later + mine.this_week + mine.today} == {officer_user.pk}
    assert issued.pk not in [c.pk for c in nobody.later + nobody.this_week]


def test_the_lead_hands_the_case_to_another_officer_on_the_record(issued, lead, officer_user):
    from hecha.accounts.models import User

    colleague = User.objects.create_user("colleague", role="district_officer",
                                         district=issued.district, first_name="李娜")  # fmt: skip
    assign_case(case_id=issued.pk, assignee_id=colleague.pk, user=lead)
    assert Case.objects.get(pk=issued.pk).assignee == colleague
    assert "负责人指定" in audit(issued, "cases.assigned")[-1]
    assert "李娜" in audit(issued, "cases.assigned")[-1]


def test_an_officer_may_not_change_the_assignee_and_nothing_changes(issued, officer_user):
    from hecha.accounts.models import User

    colleague = User.objects.create_user(
        "colleague", role="district_officer", district=issued.district
    )
    with pytest.raises(CaseRefused, match="只有本区县负责人或市局负责人"):
        assign_case(case_id=issued.pk, assignee_id=colleague.pk, user=officer_user)
    assert Case.objects.get(pk=issued.pk).assignee == officer_user
    assert len(audit(issued, "cases.assigned")) == 1


def test_an_officer_of_another_district_cannot_be_the_assignee(issued, lead, other_officer):
    with pytest.raises(CaseRefused, match="本案所在区县或市局"):
        assign_case(case_id=issued.pk, assignee_id=other_officer.pk, user=lead)
    assert Case.objects.get(pk=issued.pk).assignee_id != other_officer.pk


def test_another_districts_lead_does_not_find_the_case(issued, other_officer):
    from hecha.accounts.models import User

    other_lead = User.objects.create_user(
        "olead", role="district_lead", district=other_officer.district
    )
    with pytest.raises(CaseNotFound):
        assign_case(case_id=issued.pk, assignee_id=other_officer.pk, user=other_lead)


def test_the_home_page_is_my_cases_with_the_districts_counts(client, issued, officer_user):
    client.force_login(officer_user)
    html = client.get("/").content.decode()
    assert "我的案件" in html and 'id="queue-week"' in html
    assert issued.enterprise_name in html
    assert "全市，异常企业" not in html
    assert f"{issued.district.name}，异常企业" in html


def test_a_lead_changes_the_assignee_on_the_case_page(client, issued, lead):
    from hecha.accounts.models import User

    colleague = User.objects.create_user(
        "colleague", role="district_officer", district=issued.district
    )
    client.force_login(lead)
    assert 'id="assignee-form"' in client.get(f"/cases/{issued.pk}/").content.decode()
    client.post(f"/cases/{issued.pk}/assignee/", {"assignee": colleague.pk})
    assert Case.objects.get(pk=issued.pk).assignee == colleague


def test_the_officer_is_not_offered_the_assignee_form(client, issued, officer_user):
    client.force_login(officer_user)
    assert 'id="assignee-form"' not in client.get(f"/cases/{issued.pk}/").content.decode()
    client.post(f"/cases/{issued.pk}/assignee/", {"assignee": ""})
    assert Case.objects.get(pk=issued.pk).assignee == officer_user


def test_reminders_are_mailed_once_per_deadline_where_mail_is_configured(
    issued, settings, mailoutbox
):
    settings.EMAIL_HOST = "smtp.example.cn"
    deadline = Case.objects.get(pk=issued.pk).deadline  # the phone call is due
    day = date.fromordinal(deadline.toordinal() - 1)
    sweep(today=day)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["officer@example.cn"]
    assert "电话告知企业" in mailoutbox[0].subject
    assert f"/cases/{issued.pk}/" in mailoutbox[0].body
    assert sweep(today=day)["reminders_sent"] == 0
    assert len(mailoutbox) == 1
    assert audit(issued, "cases.reminder_sent")


def test_no_mail_is_sent_when_mail_is_not_configured(issued, settings, mailoutbox):
    settings.EMAIL_HOST = ""
    deadline = Case.objects.get(pk=issued.pk).deadline
    assert sweep(today=date.fromordinal(deadline.toordinal() - 1))["reminders_sent"] == 0
    assert mailoutbox == []
    assert Case.objects.get(pk=issued.pk).reminded_for is None


def test_the_queue_takes_a_bounded_number_of_queries(
    campaign, city_lead, django_assert_max_num_queries
):
    assert campaign.cases.count() > 10
    with django_assert_max_num_queries(8):
        q = queue(city_lead, FRIDAY)
        [c.assignee for c in q.later]  # the 承办人 comes with the row
    assert sum(q.counts.values()) == campaign.cases.count()
