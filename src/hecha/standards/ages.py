"""Ages as the registration rules word them: "年龄超过65周岁" (注册建造师管理规定 第十五条).

民法典 第1259条: "超过" does not include the number itself. A person is 65 周岁 from their 65th
birthday; they count on that day and are over 65 from the day after it. A 29 February birthday
falls on 28 February in a common year.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def birthday_in(birth: date, year: int) -> date:
    """The birthday in `year`; 29 February becomes 28 February in a common year."""
    try:
        return birth.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)


def over_age_from(birth: date, limit: int) -> date:
    """The first day on which the person is over `limit` years: the day after that birthday."""
    return birthday_in(birth, birth.year + limit) + timedelta(days=1)


def is_over_age(birth: date, limit: int, day: date) -> bool:
    return day >= over_age_from(birth, limit)


def over_age_cutoff(day: date, limit: int) -> str:
    """YYYYMMDD such that a person born on or before it is over `limit` on `day`.

    For the set-based evaluator, which compares the ID number's birth digits as text. Over on
    `day` means the `limit`-th birthday was on or before the day before; a person born on 29
    February of a leap year reaches it on 28 February of a common year, so when that day is
    28 February the cutoff takes in the 29th as well.
    """
    before = day - timedelta(days=1)
    year = before.year - limit
    if (before.month, before.day) == (2, 28) and not calendar.isleap(before.year):
        return f"{year:04d}0229"
    return f"{year:04d}{before.month:02d}{before.day:02d}"
