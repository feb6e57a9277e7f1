"""Legal cases for every category and grade the data assesses, in every version: one short,
one exactly at the line, a 一级-only part failing on 二级 people, and a person counted on their
65th birthday and excluded the day after. The hand-written rows below fix the numbers of the
categories DOMAIN.md confirms; the walk covers the rest of the catalogue."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from hecha.standards.evaluate import HeldQualification, Person, explain_enterprise
from hecha.standards.loader import builtin_standards

AS_OF = date(2026, 11, 24)
USCC = "91210102MA0000000X"
VERSIONS = {s.version: s for s in builtin_standards()}
SECOND_LEVEL = {"建筑工程", "公路工程", "水利水电工程", "矿业工程", "市政公用工程", "机电工程"}


def people_for(req, n, *, level=None, start=0, birth=date(1980, 1, 1)):
    specialty = sorted(req.specialties)[0] if req.specialties else "建筑工程"
    if level is None:
        level = req.level or (2 if specialty in SECOND_LEVEL else 1)
    return [
        Person(
            id_number=f"2101021980{start + i:08d}",
            name=f"人员{start + i}",
            level=level,
            specialties=frozenset({specialty}),
            valid_until=date(2028, 1, 1),
            birth_date=birth,
            registered_elsewhere=False,
            si_uscc=USCC,
            si_last_paid="2026-10",
        )
        for i in range(n)
    ]


def result_of(standard, qualification, rule_id, people, as_of=AS_OF):
    results = explain_enterprise(
        uscc=USCC,
        business_status="存续",
        qualifications=[HeldQualification(qualification, date(2030, 1, 1))],
        people=people,
        standard=standard,
        as_of=as_of,
        social_insurance_loaded=True,
    )
    return {r.requirement.rule_id: r for r in results}[rule_id]


CASES = [
    (v, q, r) for v, s in VERSIONS.items() for q, r in s.all_requirements()
]  # every assessed requirement of every version


@pytest.mark.parametrize(("version", "qual", "req"), CASES, ids=lambda x: getattr(x, "rule_id", x))
def test_exactly_at_the_line_meets_and_one_short_does_not(version, qual, req):
    standard = VERSIONS[version]
    at = result_of(standard, qual, req.rule_id, people_for(req, req.min_people))
    assert at.met and len(at.counted) == req.min_people
    short = result_of(standard, qual, req.rule_id, people_for(req, req.min_people - 1))
    assert not short.met and len(short.counted) == req.min_people - 1


@pytest.mark.parametrize(
    ("version", "qual", "req"),
    [c for c in CASES if c[2].level == 1],
    ids=lambda x: getattr(x, "rule_id", x),
)
def test_a_first_level_part_fails_on_second_level_people(version, qual, req):
    if not req.specialties & SECOND_LEVEL:
        pytest.skip("二级注册建造师没有该专业")
    people = people_for(req, req.min_people, level=2)
    result = result_of(VERSIONS[version], qual, req.rule_id, people)
    assert not result.met and len(result.counted) == 0
    assert {e.reason for e in result.excluded} == {"wrong_specialty"}
    assert all("不计入一级人数" in e.detail for e in result.excluded)


@pytest.mark.parametrize(("version", "qual", "req"), CASES, ids=lambda x: getattr(x, "rule_id", x))
def test_a_person_counts_on_the_65th_birthday_and_not_the_day_after(version, qual, req):
    standard = VERSIONS[version]
    birthday = date(AS_OF.year - 65, AS_OF.month, AS_OF.day)
    people = people_for(req, req.min_people - 1) + people_for(req, 1, start=900, birth=birthday)
    assert result_of(standard, qual, req.rule_id, people).met
    after = result_of(standard, qual, req.rule_id, people, as_of=AS_OF + timedelta(days=1))
    assert not after.met
    assert [e.reason for e in after.excluded] == ["over_age"]


# Hand-written: (version, qualification, rule, people as (level, specialty, count), met?)
HAND = [
    ("2016", "建筑工程施工总承包三级", "a", [(2, "建筑工程", 4), (2, "机电工程", 1)], True),
    ("2016", "建筑工程施工总承包三级", "a", [(2, "建筑工程", 4)], False),
    ("2016", "建筑工程施工总承包三级", "b", [(2, "建筑工程", 3), (2, "机电工程", 2)], False),
    ("2016", "市政公用工程施工总承包三级", "a", [(1, "市政公用工程", 2), (2, "市政公用工程", 3)], True),
    ("2016", "市政公用工程施工总承包三级", "a", [(2, "市政公用工程", 4), (2, "建筑工程", 1)], False),
    ("2014", "建筑工程施工总承包一级", "a", [(1, "建筑工程", 9), (1, "机电工程", 3)], True),
    ("2014", "建筑工程施工总承包一级", "a", [(1, "建筑工程", 9), (2, "机电工程", 3)], False),
    ("2014", "建筑工程施工总承包二级", "b", [(2, "建筑工程", 9)], True),
    ("2014", "电力工程施工总承包一级", "a", [(1, "机电工程", 15)], True),
    ("2014", "电力工程施工总承包一级", "a", [(1, "机电工程", 14), (2, "机电工程", 5)], False),
    ("2023", "建筑工程施工总承包一级", "b", [(1, "建筑工程", 8), (2, "建筑工程", 4)], False),
]  # fmt: skip


@pytest.mark.parametrize(("version", "qual", "rule", "staff", "met"), HAND)
def test_hand_written_cases(version, qual, rule, staff, met):
    people, start = [], 0
    for level, specialty, count in staff:
        for i in range(count):
            base = people_for(
                replace(
                    VERSIONS[version].requirements_for(qual)[0], specialties=frozenset({specialty})
                ),
                1,
                level=level,
                start=start + i,
            )
            people.extend(base)
        start += count
    result = result_of(VERSIONS[version], qual, f"{qual}.{rule}", people)
    assert result.met is met
