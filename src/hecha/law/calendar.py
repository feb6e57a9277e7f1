"""The official working-day calendar: weekends, the State Council's statutory rest days and
adjusted working days (调休上班), one schedule per year, as data.

A day in a year with no loaded schedule is judged provisionally — from weekends and the
fixed-date holidays of the 全国年节及纪念日放假办法 — and the year is recorded, so that every
computation can say it is provisional and name the year (CONTRACT.md §2). Nothing is ever
silently guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

from hecha import yamltext

ONE_DAY = timedelta(days=1)


class ScheduleError(ValueError):
    """A holiday schedule's data is inconsistent; the message is Chinese."""


@dataclass(frozen=True)
class HolidaySchedule:
    year: int
    notice_no: str
    notice_date: date
    rest_days: frozenset[date]
    working_days: frozenset[date]
    source: str = ""

    def __post_init__(self) -> None:
        problems = []
        for day in sorted(self.rest_days | self.working_days):
            if day.year != self.year:
                problems.append(f"{day.isoformat()} 不在 {self.year} 年")
        for day in sorted(self.rest_days & self.working_days):
            problems.append(f"{day.isoformat()} 既是放假日又是调休上班日")
        for day in sorted(self.working_days):
            if day.weekday() < 5:
                problems.append(f"调休上班日 {day.isoformat()} 不是周末")
        if problems:
            raise ScheduleError(f"{self.year} 年节假日安排有误：" + "；".join(problems))


def _days(items: Iterable[Any]) -> Iterator[date]:
    """Dates, and [first, last] ranges of dates, as written in the data files."""
    for item in items:
        if isinstance(item, list | tuple):
            first, last = (_as_date(v) for v in item)
            day = first
            while day <= last:
                yield day
                day += ONE_DAY
        else:
            yield _as_date(item)


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ScheduleError(f"日期格式错误：{value}（应为 2026-01-01）") from None


def schedule_from_data(data: dict[str, Any]) -> HolidaySchedule:
    try:
        return HolidaySchedule(
            year=int(data["year"]),
            notice_no=str(data["notice_no"]),
            notice_date=_as_date(data["notice_date"]),
            rest_days=frozenset(_days(data.get("rest_days") or [])),
            working_days=frozenset(_days(data.get("working_days") or [])),
            source=str(data.get("source") or ""),
        )
    except KeyError as exc:
        raise ScheduleError(f"节假日安排缺少字段：{exc.args[0]}") from None


def builtin_schedules() -> list[HolidaySchedule]:
    """The schedules shipped with Hecha (law/data/holidays/*.yaml), oldest first."""
    folder = resources.files("hecha.law").joinpath("data/holidays")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    return [schedule_from_data(yamltext.safe_load(f.read_text("utf-8"))) for f in files]


@cache
def fixed_holidays() -> frozenset[tuple[int, int]]:
    """(month, day) of the holidays on fixed Gregorian dates."""
    text = resources.files("hecha.law").joinpath("data/fixed_holidays.yaml").read_text("utf-8")
    return frozenset((d["month"], d["day"]) for d in yamltext.safe_load(text)["days"])


@dataclass
class WorkCalendar:
    """Answers whether a day is a working day, noting the years it had to judge provisionally."""

    schedules: dict[int, HolidaySchedule]
    provisional_years: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, schedules: Iterable[HolidaySchedule]) -> WorkCalendar:
        return cls({s.year: s for s in schedules})

    def fresh(self) -> WorkCalendar:
        """The same schedules, with no provisional years noted yet."""
        return WorkCalendar(self.schedules)

    def is_working_day(self, day: date) -> bool:
        schedule = self.schedules.get(day.year)
        if schedule is None:
            self.provisional_years.add(day.year)
            return day.weekday() < 5 and (day.month, day.day) not in fixed_holidays()
        if day in schedule.working_days:
            return True
        return day.weekday() < 5 and day not in schedule.rest_days

    def is_rest_day(self, day: date) -> bool:
        return not self.is_working_day(day)
