"""The holiday schedules in the database: loaded from the built-in data, edited in the admin,
and turned into the `law.calendar.WorkCalendar` every deadline is computed with."""

from __future__ import annotations

from functools import lru_cache

from django.db import DatabaseError, transaction

from hecha.law.calendar import WorkCalendar, builtin_schedules, schedule_from_data


def load_builtin_schedules() -> list[int]:
    """Add the shipped schedules for years the database does not have; an administrator's
    entry for a year is never overwritten. Returns the years now loaded."""
    from hecha.calendars.models import HolidaySchedule

    with transaction.atomic():
        for schedule in builtin_schedules():
            HolidaySchedule.objects.get_or_create(
                year=schedule.year,
                defaults={
                    "notice_no": schedule.notice_no,
                    "notice_date": schedule.notice_date,
                    "source": schedule.source,
                    "rest_days": sorted(d.isoformat() for d in schedule.rest_days),
                    "working_days": sorted(d.isoformat() for d in schedule.working_days),
                },
            )
    return list(HolidaySchedule.objects.values_list("year", flat=True))


FIELDS = ("year", "notice_no", "notice_date", "source", "rest_days", "working_days")


def work_calendar() -> WorkCalendar:
    """The calendar of the schedules in the database; the built-in ones before `hecha init`."""
    from hecha.calendars.models import HolidaySchedule

    try:
        rows = list(HolidaySchedule.objects.order_by("year").values_list(*FIELDS))
    except DatabaseError:
        return WorkCalendar.of(builtin_schedules())
    values = tuple((*row[:4], tuple(row[4]), tuple(row[5])) for row in rows)
    return _calendar_of(values).fresh()  # its own record of the years judged provisionally


@lru_cache(maxsize=8)
def _calendar_of(rows: tuple) -> WorkCalendar:
    """The calendar of these schedules' values, built once per process for the same values
    (every deadline on a page asks for it; an edited schedule is other values)."""
    return WorkCalendar.of(schedule_from_data(dict(zip(FIELDS, row, strict=True))) for row in rows)
