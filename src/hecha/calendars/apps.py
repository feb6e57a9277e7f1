from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "hecha.calendars"
    verbose_name = "工作日历"
