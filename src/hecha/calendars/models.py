"""The State Council's holiday schedules, one row per year, editable by an administrator."""

from django.db import models


class HolidaySchedule(models.Model):
    year = models.PositiveSmallIntegerField("年份", unique=True)
    notice_no = models.CharField("通知文号", max_length=60)
    notice_date = models.DateField("发布日期")
    source = models.CharField("来源", max_length=300, blank=True, default="")
    # ISO dates: statutory rest days, and weekend days that are adjusted working days (调休上班)
    rest_days = models.JSONField("放假日期", default=list)
    working_days = models.JSONField("调休上班日期", default=list)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = verbose_name_plural = "节假日安排"

    def __str__(self) -> str:
        return f"{self.year}年（{self.notice_no}）"
