"""Versions derived by a declared rule (建市〔2016〕226号, the "2023" reading, corrections)."""

from datetime import date

import pytest

from hecha.standards.loader import (
    StandardDataError,
    builtin_standards,
    parse_all,
    standard_in_force,
)

COUNTING = """counting: {exclusion_order: [registered_elsewhere, expired, social_insurance_elsewhere,
  social_insurance_lapsed, over_age, wrong_specialty], social_insurance_window_months: 3,
  age_limit: 65, compared_business_statuses: [存续, 在业]}
"""


def req(rule, minimum, level="any", specialties="[建筑工程]"):
    return (
        f"      - {{rule_id: {rule}, text: {rule}不少于{minimum}人, min_people: {minimum},"
        f" level: {level}, specialties: {specialties}, clause: '1.1', sources: [S1, S2]}}\n"
    )


BASE = (
    "version: base\ntitle: t\ndocument: 159号\neffective_from: 2015-01-01\nstatus: published\n"
    "sources: {S1: {title: a, url: 'http://a'}, S2: {title: b, repo: o/r, path: p.sql}}\n"
    + COUNTING
    + "qualifications:\n"
    "  - {name: 建筑工程施工总承包特级, no_constructor_count: 特级另有标准, requirements: []}\n"
    "  - name: 建筑工程施工总承包一级\n    requirements:\n"
    + req("建筑工程施工总承包一级.a", 12, level=1)
    + "  - name: 建筑工程施工总承包二级\n    requirements:\n"
    + req("建筑工程施工总承包二级.a", 12)
    + "  - name: 建筑工程施工总承包三级\n    requirements:\n"
    + req("建筑工程施工总承包三级.a", 5)
    + "  - name: 消防设施工程专业承包一级\n    requirements:\n"
    + req("消防设施工程专业承包一级.a", 5, level=1, specialties="[机电工程]")
    + "  - name: 消防设施工程专业承包二级\n    requirements:\n"
    + req("消防设施工程专业承包二级.a", 3, specialties="[机电工程]")
    + "  - name: 通信工程施工总承包三级\n    requirements:\n"
    + req("通信工程施工总承包三级.a", 5, specialties="[通信与广电工程]")
    + "  - name: 模板脚手架专业承包不分等级\n    requirements:\n"
    + req("模板脚手架专业承包不分等级.a", 2, specialties=None).replace(
        "specialties: None", "any_specialty: true"
    )
)
SIMPLIFIED = (
    "version: simple\ntitle: t\ndocument: 226号\neffective_from: 2016-11-01\nstatus: published\n"
    "sources: {N1: {title: 226号, url: 'http://n'}}\n"
    "derive:\n  from: base\n  keep: [lowest_grade]\n  dropped_reason: 226号第一项\n"
    "  dropped_sources: [N1]\n  none_for: {通信工程施工总承包三级: 226号第二项}\n"
)
READING = (
    "version: reading\ntitle: t\ndocument: 2023\neffective_from: 2023-09-15\nstatus: published\n"
    "chosen_by_date: false\nreasoning: 一级持证企业亦按159号核查\n"
    "derive:\n  from: simple\n  restore_from: base\n  restore_grades: [一级]\n"
    "  restore_unconfirmed: true\n"
)


def versions(*texts):
    return {s.version: s for s in parse_all(texts)}


def test_the_simplified_version_keeps_each_categorys_lowest_grade_only():
    simple = versions(BASE, SIMPLIFIED)["simple"]
    assessed = {name for name, q in simple.qualifications.items() if q.assessed}
    assert assessed == {
        "建筑工程施工总承包三级",
        "消防设施工程专业承包二级",
        "模板脚手架专业承包不分等级",
    }
    assert set(simple.qualifications) == set(versions(BASE)["base"].qualifications)


def test_a_dropped_grade_says_why_with_the_notices_sources():
    simple = versions(BASE, SIMPLIFIED)["simple"]
    first = simple.qualifications["建筑工程施工总承包一级"]
    assert (first.no_constructor_count, first.sources) == ("226号第一项", ("N1",))
    assert simple.qualifications["通信工程施工总承包三级"].no_constructor_count == "226号第二项"
    # a grade that never had a count keeps its own reason
    assert simple.qualifications["建筑工程施工总承包特级"].no_constructor_count == "特级另有标准"
    assert simple.coverage_of("建筑工程施工总承包一级") == "no_requirement"
    assert simple.coverage_of("预拌混凝土专业承包一级") == "unknown_name"


def test_kept_requirements_are_the_bases_own_rows_not_copies():
    both = versions(BASE, SIMPLIFIED)
    assert both["simple"].requirements_for("建筑工程施工总承包三级") == both[
        "base"
    ].requirements_for("建筑工程施工总承包三级")
    assert both["simple"].derived_from == "base"
    assert "S1" in both["simple"].sources and "N1" in both["simple"].sources


def test_the_reading_restores_first_grade_counts_marked_unconfirmed_and_is_never_by_date():
    all_ = versions(BASE, SIMPLIFIED, READING)
    reading = all_["reading"]
    (first,) = reading.requirements_for("建筑工程施工总承包一级")
    assert (first.min_people, first.level, first.unconfirmed) == (12, 1, True)
    assert reading.coverage_of("建筑工程施工总承包二级") == "no_requirement"
    assert reading.coverage_of("通信工程施工总承包三级") == "no_requirement"
    assert standard_in_force(all_.values(), date(2026, 1, 1)).version == "simple"
    assert reading.reasoning == "一级持证企业亦按159号核查"


def test_a_correction_changes_one_value_and_nothing_else():
    fix = (
        "version: fix\ntitle: t\ndocument: x\neffective_from: 2026-01-01\nstatus: draft\n"
        "derive:\n  from: simple\n  change:\n    建筑工程施工总承包三级.a: {min_people: 6}\n"
    )
    all_ = versions(BASE, SIMPLIFIED, fix)
    (changed,) = all_["fix"].requirements_for("建筑工程施工总承包三级")
    (before,) = all_["simple"].requirements_for("建筑工程施工总承包三级")
    assert changed.min_people == 6
    assert (changed.text, changed.sources, changed.level) == (before.text, before.sources, None)


@pytest.mark.parametrize(
    ("derive", "message"),
    [
        ("  from: nowhere\n", "基础版本不存在"),
        ("  from: base\n  keep: [最高等级]\n", "未知的保留规则"),
        ("  from: base\n  change: {不存在.a: {min_people: 3}}\n", "要修改的规则在基础版本中不存在"),
        ("  from: base\n  change: {建筑工程施工总承包三级.a: {rule_id: x}}\n", "不能修改的字段"),
        ("  from: base\n  change: {建筑工程施工总承包三级.a: {min_people: 0}}\n", "人数须为正数"),
    ],
)
def test_a_malformed_derivation_is_refused_in_chinese(derive, message):
    text = "version: bad\ntitle: t\ndocument: x\neffective_from: 2026-01-01\nderive:\n" + derive
    with pytest.raises(StandardDataError, match=message):
        versions(BASE, text)


def test_a_requirement_citing_an_unlisted_source_is_refused():
    with pytest.raises(StandardDataError, match="引用了未列出的来源"):
        versions(BASE.replace("sources: [S1, S2]", "sources: [S9]", 1))


def test_a_reason_for_no_count_beside_requirements_is_refused():
    text = BASE.replace(
        "  - name: 建筑工程施工总承包一级\n",
        "  - name: 建筑工程施工总承包一级\n    no_constructor_count: 无\n",
    )
    with pytest.raises(StandardDataError, match="不能再列出要求"):
        versions(text)


def test_the_builtin_2016_and_2023_are_derived_with_their_dates_and_sources():
    builtin = {s.version: s for s in builtin_standards()}
    v2016, v2023 = builtin["2016"], builtin["2023"]
    assert (v2016.document_date, v2016.effective_from) == (date(2016, 10, 14), date(2016, 11, 1))
    assert v2016.derived_from == "2014" and len(v2016.sources) >= 2
    assert builtin["2014"].effective_until == date(2016, 10, 31)
    assert (v2023.effective_from, v2023.chosen_by_date) == (date(2023, 9, 15), False)
    assert "不按基准日自动采用" in v2023.reasoning
    assert (
        set(v2016.qualifications)
        == set(builtin["2014"].qualifications)
        == set(v2023.qualifications)
    )


def test_comparing_two_versions_lists_each_requirement_removed_or_changed():
    from hecha.standards.compare import compare_standards

    fix = (
        "version: fix\ntitle: t\ndocument: x\neffective_from: 2026-01-01\nstatus: draft\n"
        "derive:\n  from: simple\n  change:\n    建筑工程施工总承包三级.a: {min_people: 6}\n"
    )
    all_ = versions(BASE, SIMPLIFIED, fix)
    removed = compare_standards(all_["base"], all_["simple"])
    assert {(c.qualification, c.what) for c in removed} == {
        ("建筑工程施工总承包一级", "取消要求"),
        ("建筑工程施工总承包二级", "取消要求"),
        ("消防设施工程专业承包一级", "取消要求"),
        ("通信工程施工总承包三级", "取消要求"),
    }
    assert all("无注册建造师人数要求：226号" in c.after for c in removed)
    (changed,) = compare_standards(all_["simple"], all_["fix"])
    assert (changed.what, changed.before.split("：")[1][:2], changed.after.split("：")[1][:2]) == (
        "修改要求",
        "5人",
        "6人",
    )
    assert compare_standards(all_["fix"], all_["fix"]) == []
