"""The plain evaluator's counting rules, as legal cases in a table (DOMAIN.md)."""

from dataclasses import replace
from datetime import date

import pytest

from hecha.standards.evaluate import (
    HeldQualification,
    Person,
    explain_enterprise,
    findings,
)
from hecha.standards.loader import builtin_standards

AS_OF = date(2026, 11, 24)
USCC = "91210102MA0000000X"
STANDARD = {s.version: s for s in builtin_standards()}["2016"]
JZ3 = HeldQualification("建筑工程施工总承包三级", date(2028, 1, 1))


def person(n, **changes):
    base = Person(
        id_number=f"21010219800101{n:04d}",
        name=f"人员{n}",
        level=2,
        specialties=frozenset({"建筑工程"}),
        valid_until=date(2028, 1, 1),
        birth_date=date(1980, 1, 1),
        registered_elsewhere=False,
        si_uscc=USCC,
        si_last_paid="2026-10",
    )
    return replace(base, **changes)


def run(people, *, si_loaded=True, status="存续", quals=(JZ3,)):
    return explain_enterprise(
        uscc=USCC,
        business_status=status,
        qualifications=list(quals),
        people=people,
        standard=STANDARD,
        as_of=AS_OF,
        social_insurance_loaded=si_loaded,
    )


# (what the fifth person has, the reason they are excluded, or None when they count)
CASES = [
    ({}, None),
    ({"registered_elsewhere": True}, "registered_elsewhere"),
    ({"valid_until": date(2026, 11, 23)}, "expired"),
    ({"valid_until": date(2026, 11, 24)}, None),  # valid through the as-of day
    ({"si_uscc": "91210103MA0000001Y"}, "social_insurance_elsewhere"),
    ({"si_uscc": None, "si_last_paid": None}, "social_insurance_lapsed"),
    ({"si_last_paid": "2026-07"}, "social_insurance_lapsed"),
    ({"si_last_paid": "2026-08"}, None),  # for 2026-11, 2026-08 is still inside the window
    ({"birth_date": date(1961, 11, 23)}, "over_age"),  # 65 yesterday: over 65 today
    ({"birth_date": date(1961, 11, 24)}, None),  # 65th birthday today: not yet over 65
    ({"specialties": frozenset({"公路工程"})}, "wrong_specialty"),
    ({"specialties": frozenset({"机电工程"})}, "wrong_specialty"),  # counts for .a, not .b
    # the first reason in the policy's order wins
    ({"registered_elsewhere": True, "valid_until": date(2020, 1, 1)}, "registered_elsewhere"),
    ({"valid_until": date(2020, 1, 1), "si_uscc": "91210103MA0000001Y"}, "expired"),
    ({"si_last_paid": "2025-01", "birth_date": date(1950, 1, 1)}, "social_insurance_lapsed"),
]


@pytest.mark.parametrize(("changes", "reason"), CASES)
def test_the_fifth_person_counts_or_is_excluded_for_the_right_reason(changes, reason):
    people = [person(i) for i in range(1, 5)] + [person(5, **changes)]
    results = {r.requirement.rule_id: r for r in run(people)}
    b = results["建筑工程施工总承包三级.b"]
    fifth = [e.reason for e in b.excluded if e.id_number == people[4].id_number]
    assert fifth == ([reason] if reason else [])
    assert len(b.counted) == (4 if reason else 5)


def test_a_person_with_a_partial_specialty_counts_for_the_combined_clause_only():
    people = [person(i) for i in range(1, 5)] + [person(5, specialties=frozenset({"机电工程"}))]
    results = {r.requirement.rule_id: r for r in run(people)}
    assert len(results["建筑工程施工总承包三级.a"].counted) == 5
    assert len(results["建筑工程施工总承包三级.b"].counted) == 4
    assert findings(run(people)) == []


def test_a_person_with_two_matching_specialties_counts_once():
    both = frozenset({"建筑工程", "机电工程"})
    people = [person(i, specialties=both) for i in range(1, 5)]
    a = {r.requirement.rule_id: r for r in run(people)}["建筑工程施工总承包三级.a"]
    assert len(a.counted) == 4 and not a.met


def test_four_people_leave_the_combined_clause_unmet():
    unmet = findings(run([person(i) for i in range(1, 5)]))
    assert [(f.requirement.rule_id, len(f.counted), f.requirement.min_people) for f in unmet] == [
        ("建筑工程施工总承包三级.a", 4, 5)
    ]


def test_without_social_insurance_data_nobody_is_excluded_for_it():
    people = [person(i, si_uscc=None, si_last_paid=None) for i in range(1, 6)]
    assert findings(run(people, si_loaded=False)) == []
    assert len(findings(run(people, si_loaded=True))) == 2


def test_a_first_level_requirement_does_not_count_second_level_people():
    v2014 = {s.version: s for s in builtin_standards()}["2014"]
    people = [person(i, specialties=frozenset({"机电工程"})) for i in range(1, 16)]
    results = explain_enterprise(
        uscc=USCC,
        business_status="存续",
        qualifications=[HeldQualification("电力工程施工总承包一级", date(2028, 1, 1))],
        people=people,
        standard=v2014,
        as_of=AS_OF,
        social_insurance_loaded=True,
    )
    assert [len(r.counted) for r in results] == [0]
    assert {e.reason for e in results[0].excluded} == {"wrong_specialty"}
    first_level = [replace(p, level=1) for p in people]
    results = explain_enterprise(
        uscc=USCC,
        business_status="存续",
        qualifications=[HeldQualification("电力工程施工总承包一级", date(2028, 1, 1))],
        people=first_level,
        standard=v2014,
        as_of=AS_OF,
        social_insurance_loaded=True,
    )
    assert results[0].met


@pytest.mark.parametrize("status", ["注销", "吊销", "迁出"])
def test_enterprises_no_longer_in_business_are_not_compared(status):
    assert run([], status=status) == []


def test_an_expired_qualification_is_not_compared():
    assert run([], quals=[HeldQualification("建筑工程施工总承包三级", date(2026, 11, 23))]) == []


def test_a_qualification_without_personnel_requirements_is_never_flagged():
    assert run([], quals=[HeldQualification("施工劳务不分等级", date(2028, 1, 1))]) == []


# (what the fifth person has, the words the explanation must say about them)
DETAILS = [
    ({"registered_elsewhere": True, "elsewhere_at": ("沈阳某建设有限公司（沈河区，X）",)},
     "同时注册在沈阳某建设有限公司（沈河区，X）"),
    ({"valid_until": date(2026, 10, 1)}, "注册有效期至2026-10-01，基准日已过期"),
    ({"si_uscc": "91210103MA0000001Y", "si_payer": "沈阳甲公司（和平区，Y）"},
     "社保由沈阳甲公司（和平区，Y）缴纳，最近缴费月份2026-10"),
    ({"si_uscc": None, "si_last_paid": None}, "没有社保缴纳记录"),
    ({"si_last_paid": "2026-05"}, "最近缴费月份2026-05，早于基准日所在月6个月（不得超过3个月）"),
    ({"birth_date": date(1961, 11, 20)}, "生于1961-11-20，自2026-11-21起年龄超过65周岁"),
    ({"specialties": frozenset({"公路工程"})}, "二级注册建造师（公路工程专业），不属于建筑工程专业"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "words"), DETAILS)
def test_the_explanation_says_what_exactly_kept_a_person_out(changes, words):
    people = [person(i) for i in range(1, 5)] + [person(5, **changes)]
    b = {r.requirement.rule_id: r for r in run(people)}["建筑工程施工总承包三级.b"]
    (fifth,) = [e for e in b.excluded if e.id_number == people[4].id_number]
    assert words in fifth.detail


def test_a_second_level_person_is_said_not_to_count_for_a_first_level_part():
    reading = {s.version: s for s in builtin_standards()}["2023"]
    results = explain_enterprise(
        uscc=USCC,
        business_status="存续",
        qualifications=[HeldQualification("建筑工程施工总承包一级", date(2028, 1, 1))],
        people=[person(1)],
        standard=reading,
        as_of=AS_OF,
        social_insurance_loaded=True,
    )
    assert results and all(
        r.excluded[0].detail == "二级注册建造师（建筑工程专业），不计入一级人数" for r in results
    )


def test_every_held_qualification_is_classified_never_silently_passed():
    from hecha.standards.evaluate import coverage

    held = [
        JZ3,
        HeldQualification("建筑工程施工总承包一级", date(2028, 1, 1)),
        HeldQualification("预拌混凝土专业承包一级", date(2028, 1, 1)),
        HeldQualification("市政公用工程施工总承包三级", date(2020, 1, 1)),  # expired: not compared
    ]
    results = run([person(i) for i in range(1, 6)], quals=held)
    assert coverage(
        business_status="存续", qualifications=held, results=results, standard=STANDARD, as_of=AS_OF
    ) == {
        "建筑工程施工总承包三级": "met",
        "建筑工程施工总承包一级": "no_requirement",
        "预拌混凝土专业承包一级": "unknown_name",
    }
