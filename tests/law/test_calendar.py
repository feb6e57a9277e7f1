"""The working-day calendar against an independent oracle, and its provisional years."""

from datetime import date, timedelta

import chinese_calendar
import pytest

from hecha.law.calendar import (
    HolidaySchedule,
    ScheduleError,
    WorkCalendar,
    builtin_schedules,
    schedule_from_data,
)


@pytest.fixture(scope="module")
def calendar():
    return WorkCalendar.of(builtin_schedules())


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_day_agrees_with_chinesecalendar(calendar, year):
    day, disagreements = date(year, 1, 1), []
    while day.year == year:
        if calendar.is_working_day(day) != chinese_calendar.is_workday(day):
            disagreements.append(day)
        day += timedelta(days=1)
    assert disagreements == []
    assert calendar.provisional_years == set()


def test_adjusted_working_weekend_is_a_working_day(calendar):
    assert date(2026, 2, 14).weekday() == 5
    assert calendar.is_working_day(date(2026, 2, 14))
    assert not calendar.is_working_day(date(2026, 2, 21))  # a Saturday inside 春节


def test_unloaded_year_is_judged_from_weekends_and_fixed_holidays_and_noted(calendar):
    cal = calendar.fresh()
    assert not cal.is_working_day(date(2027, 1, 1))  # 元旦, a Friday
    assert not cal.is_working_day(date(2027, 10, 1))
    assert not cal.is_working_day(date(2027, 1, 2))  # Saturday
    assert cal.is_working_day(date(2027, 1, 4))
    assert cal.provisional_years == {2027}
    assert calendar.provisional_years == set()  # fresh() does not share the notes


def test_schedule_refuses_a_weekday_as_adjusted_working_day():
    with pytest.raises(ScheduleError, match="调休上班日 2027-02-15 不是周末"):
        HolidaySchedule(2027, "x", date(2026, 11, 1), frozenset(), frozenset({date(2027, 2, 15)}))


def test_schedule_refuses_days_of_another_year_and_overlaps():
    data = {
        "year": 2027,
        "notice_no": "国办发明电〔2026〕1号",
        "notice_date": "2026-11-05",
        "rest_days": ["2026-12-31", ["2027-02-13", "2027-02-14"]],
        "working_days": ["2027-02-14"],
    }
    with pytest.raises(ScheduleError) as exc:
        schedule_from_data(data)
    assert "2026-12-31 不在 2027 年" in str(exc.value)
    assert "2027-02-14 既是放假日又是调休上班日" in str(exc.value)


def test_schedule_ranges_expand_and_missing_fields_are_named():
    schedule = schedule_from_data(
        {
            "year": 2027,
            "notice_no": "n",
            "notice_date": "2026-11-05",
            "rest_days": [["2027-02-05", "2027-02-07"]],
        }
    )
    assert schedule.rest_days == {date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7)}
    with pytest.raises(ScheduleError, match="缺少字段：notice_no"):
        schedule_from_data({"year": 2027, "notice_date": "2026-11-05"})
