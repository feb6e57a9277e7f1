"""The administrator's pages load for every registered model (no 500 anywhere in the admin)."""

from django.contrib import admin
from django.urls import reverse


def test_every_admin_page_loads(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    for model in admin.site._registry:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        if admin.site._registry[model].has_add_permission(type("R", (), {"user": admin_user})()):
            add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
            assert client.get(add).status_code == 200, add


def test_holiday_schedule_admin_refuses_a_weekday_as_adjusted_working_day(client, admin_user):
    from hecha.calendars.models import HolidaySchedule

    client.force_login(admin_user)
    response = client.post(
        reverse("admin:calendars_holidayschedule_add"),
        {"year": 2027, "notice_no": "国办发明电〔2026〕1号", "notice_date": "2026-11-05", "source": "",
         "rest_days": '["2027-01-01"]', "working_days": '["2027-02-15"]'},
    )  # fmt: skip
    assert "调休上班日 2027-02-15 不是周末" in response.content.decode()
    assert not HolidaySchedule.objects.filter(year=2027).exists()
    ok = client.post(
        reverse("admin:calendars_holidayschedule_add"),
        {"year": 2027, "notice_no": "国办发明电〔2026〕1号", "notice_date": "2026-11-05", "source": "",
         "rest_days": '["2027-01-01", ["2027-02-06", "2027-02-08"]]', "working_days": '["2027-02-14"]'},
    )  # fmt: skip
    assert ok.status_code == 302
    assert HolidaySchedule.objects.get(year=2027).rest_days == [
        "2027-01-01",
        "2027-02-06",
        "2027-02-07",
        "2027-02-08",
    ]


def test_admin_changes_are_on_the_audit_trail(client, admin_user):
    from hecha.audit.models import AuditEntry
    from hecha.audit.sentences import sentence

    client.force_login(admin_user)
    response = client.post(
        reverse("admin:calendars_holidayschedule_add"),
        {"year": 2027, "notice_no": "国办发明电〔2026〕1号", "notice_date": "2026-11-05", "source": "",
         "rest_days": '["2027-01-01"]', "working_days": '["2027-02-14"]'},
    )  # fmt: skip
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.changed")
    assert entry.object_type == "calendars.holidayschedule" and entry.actor_name == "admin"
    assert sentence(entry.action, entry.actor_name, entry.data).startswith(
        "admin在系统管理中新增节假日安排“2027年"
    )
