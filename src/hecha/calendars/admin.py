from django import forms
from django.contrib import admin

from hecha.audit.admin import AuditedAdmin
from hecha.calendars.models import HolidaySchedule
from hecha.law.calendar import ScheduleError, schedule_from_data


class HolidayScheduleForm(forms.ModelForm):
    class Meta:
        model = HolidaySchedule
        fields = ["year", "notice_no", "notice_date", "source", "rest_days", "working_days"]
        help_texts = {
            "rest_days": '放假日期列表，如 ["2027-01-01", ["2027-02-05", "2027-02-12"]]（区间写首尾）',
            "working_days": '调休上班的周末日期列表，如 ["2027-02-14"]',
        }

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            schedule = schedule_from_data(data)
        except ScheduleError as exc:
            raise forms.ValidationError(str(exc)) from None
        data["rest_days"] = sorted(d.isoformat() for d in schedule.rest_days)
        data["working_days"] = sorted(d.isoformat() for d in schedule.working_days)
        return data


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(AuditedAdmin):
    form = HolidayScheduleForm
    list_display = ["year", "notice_no", "notice_date", "updated_at"]
    ordering = ["-year"]
