"""`hecha dates` exactly as CONTRACT.md §2 says: one ISO date, exit 0, 2 or 3."""

import pytest

from hecha.cli import main


@pytest.fixture
def schedules(db):
    from hecha.calendars.services import load_builtin_schedules

    assert load_builtin_schedules() == [2025, 2026]


def run(capsys, *argv):
    try:
        code = main(["dates", *argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["workdays-after", "2026-09-30", "1"], "2026-10-08"),
        (["workdays-after", "2026-02-13", "2"], "2026-02-24"),
        (["period-end", "2026-09-01", "--days", "30"], "2026-10-08"),
        (["period-end", "2026-08-31", "--months", "3"], "2026-11-30"),
        (["period-end", "2026-01-29", "--days", "30"], "2026-02-28"),
    ],
)
def test_dates_in_loaded_years(schedules, capsys, argv, expected):
    assert run(capsys, *argv) == (0, expected + "\n", "")


def test_year_without_notice_is_provisional_exit_3(schedules, capsys):
    code, out, err = run(capsys, "workdays-after", "2026-12-24", "10")
    assert code == 3
    assert out == "2027-01-08\n"  # weekends and 元旦 (fixed date) skipped
    assert "2027 年" in err and "尚未载入" in err


def test_an_administrators_2027_notice_makes_it_exact(schedules, capsys):
    from hecha.calendars.models import HolidaySchedule

    HolidaySchedule.objects.create(
        year=2027,
        notice_no="测试通知",
        notice_date="2026-11-05",
        rest_days=["2027-01-01", "2027-01-04"],
        working_days=[],
    )
    assert run(capsys, "workdays-after", "2026-12-31", "1") == (0, "2027-01-05\n", "")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["workdays-after", "2026-02-30", "1"], "日期格式应为 YYYY-MM-DD：2026-02-30"),
        (["workdays-after", "2026-02-01", "-1"], "不能为负数"),
        (["period-end", "2026-02-01"], "--days"),
        (["period-end", "2026-02-01", "--days", "0"], "期间长度应至少为 1"),
    ],
)
def test_bad_input_exit_2_with_chinese_message(schedules, capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err


def test_builtin_load_never_overwrites_an_administrators_entry(db):
    from hecha.calendars.models import HolidaySchedule
    from hecha.calendars.services import load_builtin_schedules

    HolidaySchedule.objects.filter(year=2026).delete()  # the tests' database ships with it
    HolidaySchedule.objects.create(
        year=2026, notice_no="管理员录入", notice_date="2025-11-04", rest_days=[], working_days=[]
    )
    load_builtin_schedules()
    assert HolidaySchedule.objects.get(year=2026).notice_no == "管理员录入"
