"""年龄超过65周岁, read with 民法典 第1259条: legal cases as a data table, for both evaluators'
rules (the plain date arithmetic and the text cutoff the SQL compares ID digits with)."""

from datetime import date

import pytest

from hecha.standards.ages import is_over_age, over_age_cutoff, over_age_from

# (born, the as-of day, over 65 on that day?)
CASES = [
    (date(1961, 11, 24), date(2026, 11, 23), False),  # the day before the 65th birthday
    (date(1961, 11, 24), date(2026, 11, 24), False),  # the 65th birthday itself: 65, not over
    (date(1961, 11, 24), date(2026, 11, 25), True),  # from the day after: over 65
    (date(1961, 12, 31), date(2026, 12, 31), False),
    (date(1961, 12, 31), date(2027, 1, 1), True),  # across the year end
    (date(1960, 2, 29), date(2025, 2, 28), False),  # 29 Feb: the birthday is 28 Feb in 2025
    (date(1960, 2, 29), date(2025, 3, 1), True),
    (date(1964, 2, 29), date(2029, 2, 28), False),
    (date(1964, 2, 29), date(2029, 3, 1), True),
    (date(1961, 3, 1), date(2026, 3, 1), False),
    (date(1961, 3, 1), date(2026, 3, 2), True),
    (date(1961, 2, 28), date(2026, 2, 28), False),
    (date(1961, 2, 28), date(2026, 3, 1), True),
    (date(1959, 2, 28), date(2024, 2, 29), True),  # birthday 28 Feb 2024, so over on the 29th
    (date(1959, 3, 1), date(2024, 2, 29), False),
    (date(1970, 6, 1), date(2026, 11, 24), False),
    (date(1940, 6, 1), date(2026, 11, 24), True),
]


@pytest.mark.parametrize(("born", "day", "over"), CASES)
def test_a_person_is_over_65_only_from_the_day_after_the_65th_birthday(born, day, over):
    assert is_over_age(born, 65, day) is over


@pytest.mark.parametrize(("born", "day", "over"), CASES)
def test_the_sql_cutoff_on_id_digits_agrees_with_the_date_rule(born, day, over):
    assert (f"{born:%Y%m%d}" <= over_age_cutoff(day, 65)) is over


@pytest.mark.parametrize(
    ("born", "since"),
    [
        (date(1961, 11, 24), date(2026, 11, 25)),
        (date(1960, 2, 29), date(2025, 3, 1)),
        (date(1956, 2, 29), date(2021, 3, 1)),
        (date(1959, 2, 28), date(2024, 2, 29)),
    ],
)
def test_the_explanation_names_the_first_day_over_65(born, since):
    assert over_age_from(born, 65) == since


def test_every_day_of_two_leap_cycles_agrees_between_the_rules():
    """Exhaustive: each birth date × each as-of day around its 65th birthday."""
    start = date(1958, 1, 1).toordinal()
    for born_ordinal in range(start, start + 8 * 365, 7):
        born = date.fromordinal(born_ordinal)
        base = over_age_from(born, 65).toordinal()
        for day in (date.fromordinal(base + k) for k in (-2, -1, 0, 1)):
            assert (f"{born:%Y%m%d}" <= over_age_cutoff(day, 65)) is is_over_age(born, 65, day)
