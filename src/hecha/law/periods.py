"""Legal periods and working-day counts (民法典 arts. 200–203).

- art. 201: a period in days, months or years starts the day after the event; the start day
  is not counted.
- art. 202: a period in months or years ends on the corresponding day of its last month; with
  no corresponding day, on that month's last day.
- art. 203: a last day that is a statutory rest day or holiday moves to the day after that rest
  ends. An adjusted working weekend (调休上班) is a working day, not a rest day.

Each result carries its basis in words and the years judged without an official schedule.
"""

from __future__ import annotations

import calendar as gregorian
from dataclasses import dataclass
from datetime import date, timedelta

from hecha.law.calendar import ONE_DAY, WorkCalendar


@dataclass(frozen=True)
class LegalDate:
    value: date
    basis: str  # e.g. "邮寄之日（2026-11-24）起10个工作日"
    provisional_years: frozenset[int] = frozenset()

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    def warning(self) -> str | None:
        if not self.provisional_years:
            return None
        years = "、".join(str(y) for y in sorted(self.provisional_years))
        return (
            f"{years} 年的国务院节假日安排尚未载入：日期按周末和固定日期节日推算，仅供参考，"
            "请管理员载入该年的放假通知后重新计算"
        )


def add_months(day: date, months: int) -> date:
    """The corresponding day `months` later; the month's last day where there is none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = gregorian.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _roll_past_rest(day: date, cal: WorkCalendar) -> date:
    while cal.is_rest_day(day):
        day += ONE_DAY
    return day


def period_end(
    start: date,
    *,
    days: int | None = None,
    months: int | None = None,
    calendar: WorkCalendar,
    event: str = "",
) -> LegalDate:
    """The last day of a period of `days` or `months` that begins after `start`."""
    if (days is None) == (months is None):
        raise ValueError("give exactly one of days or months")
    cal = calendar.fresh()
    if days is not None:
        if days < 1:
            raise ValueError("days must be at least 1")
        raw, length = start + timedelta(days=days), f"{days}日"
    else:
        assert months is not None
        if months < 1:
            raise ValueError("months must be at least 1")
        raw, length = add_months(start, months), f"{months}个月"
    end = _roll_past_rest(raw, cal)
    basis = f"{event or '起算'}之日（{start.isoformat()}）起{length}"
    if end != raw:
        basis += f"，期间最后一日（{raw.isoformat()}）为法定休假日，顺延至休假日结束的次日"
    return LegalDate(end, basis, frozenset(cal.provisional_years))


def workdays_after(
    start: date, count: int, *, calendar: WorkCalendar, event: str = ""
) -> LegalDate:
    """The day `count` working days after `start` (`start` itself not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    cal = calendar.fresh()
    day, left = start, count
    while left:
        day += ONE_DAY
        if cal.is_working_day(day):
            left -= 1
    basis = f"{event or '起算'}之日（{start.isoformat()}）起{count}个工作日"
    return LegalDate(day, basis, frozenset(cal.provisional_years))
