"""The holiday schedules in the database: loaded from the built-in data, edited in the admin,
and turned into the `law.calendar.WorkCalendar` every deadline is computed with."""

from __future__ import annotations

from django.db import DatabaseError, transaction

from hecha.law.calendar import HolidaySchedule as Schedule
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


def schedule_of(row) -> Schedule:
    return schedule_from_data(
        {
            "year": row.year,
            "notice_no": row.notice_no,
            "notice_date": row.notice_date,
            "source": row.source,
            "rest_days": row.rest_days,
            "working_days": row.working_days,
        }
    )


def work_calendar() -> WorkCalendar:
    """The calendar of the schedules in the database; the built-in ones before `hecha init`."""
    from hecha.calendars.models import HolidaySchedule

    try:
        rows = list(HolidaySchedule.objects.all())
    except DatabaseError:
        return WorkCalendar.of(builtin_schedules())
    return WorkCalendar.of(schedule_of(row) for row in rows)
