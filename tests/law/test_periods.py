"""Legal periods as data tables (OpenFisca style): each row a case built from DOMAIN.md."""

from datetime import date

import pytest

from hecha.law.calendar import WorkCalendar, builtin_schedules
from hecha.law.periods import add_months, period_end, workdays_after

CAL = WorkCalendar.of(builtin_schedules())
D = date.fromisoformat

# start, N, expected, why
WORKDAYS_AFTER = [
    ("2026-11-24", 10, "2026-12-08", "plain weeks"),
    ("2026-11-24", 0, "2026-11-24", "zero days"),
    ("2026-09-24", 1, "2026-09-28", "中秋 25–27 skipped"),
    ("2026-09-18", 1, "2026-09-20", "Saturday 19 rests, Sunday 20 is worked in lieu"),
    ("2026-09-19", 1, "2026-09-20", "Sunday 20 is an adjusted working day"),
    ("2026-09-30", 1, "2026-10-08", "国庆 1–7 skipped"),
    ("2026-10-09", 1, "2026-10-10", "Saturday 10 is an adjusted working day"),
    ("2026-02-13", 1, "2026-02-14", "Saturday 14 before 春节 is worked"),
    ("2026-02-14", 1, "2026-02-24", "春节 15–23 skipped"),
    ("2026-02-24", 4, "2026-02-28", "Saturday 28 after 春节 is worked"),
    ("2025-12-31", 1, "2026-01-04", "元旦 1–3 then the adjusted Sunday"),
    ("2025-09-26", 1, "2025-09-28", "2025: Sunday 28 worked"),
    ("2025-09-30", 1, "2025-10-09", "2025: 国庆中秋 1–8"),
    ("2026-04-30", 10, "2026-05-18", "劳动节 and the adjusted Saturday 9"),
]

# start, days or months, expected, why
PERIOD_END = [
    ("2026-11-24", {"days": 30}, "2026-12-24", "a Thursday: no move"),
    ("2026-11-25", {"days": 30}, "2026-12-25", "Friday"),
    ("2026-11-26", {"days": 30}, "2026-12-28", "Saturday 26th moves to Monday"),
    ("2026-09-01", {"days": 30}, "2026-10-08", "1 October inside 国庆 moves past the holiday"),
    ("2026-01-15", {"days": 30}, "2026-02-14", "Saturday 14 Feb is an adjusted working day"),
    ("2026-01-16", {"days": 30}, "2026-02-24", "15 Feb starts 春节: moves to 24"),
    ("2026-08-19", {"days": 30}, "2026-09-18", "Friday"),
    ("2026-08-21", {"days": 30}, "2026-09-20", "Sunday 20 Sep is an adjusted working day: no move"),
    ("2026-11-30", {"months": 3}, "2027-03-01", "Feb 28 2027 a Sunday; provisional"),
    ("2026-08-31", {"months": 3}, "2026-11-30", "no 31 November: the month's last day"),
    ("2025-11-30", {"months": 3}, "2026-02-28", "Saturday 28 Feb 2026 is worked in lieu: no move"),
    ("2026-03-31", {"months": 1}, "2026-04-30", "no 31 April"),
    ("2026-07-05", {"months": 3}, "2026-10-08", "5 October inside 国庆"),
    ("2026-02-15", {"months": 3}, "2026-05-15", "Friday"),
    ("2026-11-24", {"months": 3}, "2027-02-24", "provisional (2027)"),
]


@pytest.mark.parametrize(("start", "n", "expected", "why"), WORKDAYS_AFTER)
def test_workdays_after(start, n, expected, why):
    result = workdays_after(D(start), n, calendar=CAL)
    assert result.value == D(expected), why
    assert not result.provisional


@pytest.mark.parametrize(("start", "length", "expected", "why"), PERIOD_END)
def test_period_end(start, length, expected, why):
    result = period_end(D(start), calendar=CAL, **length)
    assert result.value == D(expected), why
    assert result.provisional == (D(expected).year == 2027)


def test_last_day_on_adjusted_working_day_does_not_move():
    # 2026-02-28 is a Saturday worked in lieu: a period ending then ends then.
    result = period_end(D("2026-01-29"), days=30, calendar=CAL)
    assert result.value == D("2026-02-28")
    assert "顺延" not in result.basis


def test_basis_says_why_the_day_moved():
    result = period_end(D("2026-09-01"), days=30, calendar=CAL, event="公告")
    assert result.basis.startswith("公告之日（2026-09-01）起30日")
    assert "2026-10-01" in result.basis and "顺延" in result.basis


def test_provisional_result_names_the_year():
    result = workdays_after(D("2026-12-24"), 10, calendar=CAL)
    assert result.provisional_years == {2027}
    assert "2027 年" in result.warning()
    assert workdays_after(D("2026-12-01"), 5, calendar=CAL).warning() is None


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2024-01-31", 1, "2024-02-29"),
        ("2025-01-31", 1, "2025-02-28"),
        ("2026-12-15", 2, "2027-02-15"),
        ("2026-05-31", 13, "2027-06-30"),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(D(day), months) == D(expected)


def test_period_needs_exactly_one_length():
    with pytest.raises(ValueError):
        period_end(D("2026-01-01"), calendar=CAL)
    with pytest.raises(ValueError):
        period_end(D("2026-01-01"), days=1, months=1, calendar=CAL)
