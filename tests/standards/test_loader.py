"""The built-in standards are well-formed data matching DOMAIN.md's table."""

from datetime import date

import pytest

from hecha.standards.loader import (
    StandardDataError,
    builtin_standards,
    parse_yaml,
    standard_in_force,
)

# DOMAIN.md's table: (qualification, rule, min people, level, specialties, in "2016")
DOMAIN_TABLE = [
    ("建筑工程施工总承包一级", "a", 12, 1, {"建筑工程", "机电工程"}, False),
    ("建筑工程施工总承包一级", "b", 9, 1, {"建筑工程"}, False),
    ("建筑工程施工总承包二级", "a", 12, None, {"建筑工程", "机电工程"}, False),
    ("建筑工程施工总承包二级", "b", 9, None, {"建筑工程"}, False),
    ("建筑工程施工总承包三级", "a", 5, None, {"建筑工程", "机电工程"}, True),
    ("建筑工程施工总承包三级", "b", 4, None, {"建筑工程"}, True),
    ("市政公用工程施工总承包三级", "a", 5, None, {"市政公用工程"}, True),
    ("电力工程施工总承包一级", "a", 15, 1, {"机电工程"}, False),
    ("电力工程施工总承包二级", "a", 10, None, {"机电工程"}, False),
    ("输变电工程专业承包一级", "a", 10, 1, {"机电工程"}, False),
    ("输变电工程专业承包二级", "a", 8, None, {"机电工程"}, False),
    ("输变电工程专业承包三级", "a", 3, None, {"机电工程"}, True),
]


def _versions():
    return {s.version: s for s in builtin_standards()}


@pytest.mark.parametrize(
    ("qual", "rule", "minimum", "level", "specialties", "in_2016"), DOMAIN_TABLE
)
def test_every_row_of_the_domain_table_is_in_the_data(
    qual, rule, minimum, level, specialties, in_2016
):
    versions = _versions()
    for version, expected_present in (("2014", True), ("2016", in_2016)):
        reqs = {r.rule_id: r for r in versions[version].requirements_for(qual)}
        rule_id = f"{qual}.{rule}"
        assert (rule_id in reqs) is expected_present, (version, rule_id)
        if expected_present:
            req = reqs[rule_id]
            assert (req.min_people, req.level, set(req.specialties)) == (
                minimum,
                level,
                specialties,
            )


def test_the_counting_policy_is_data_with_the_domain_defaults():
    for standard in builtin_standards():
        policy = standard.policy
        assert policy.exclusion_order[0] == "registered_elsewhere"
        assert policy.exclusion_order[-1] == "wrong_specialty"
        assert policy.social_insurance_window_months == 3
        assert policy.age_limit == 65
        assert policy.compared_business_statuses == {"存续", "在业"}


@pytest.mark.parametrize(
    ("day", "version"),
    [
        (date(2015, 1, 1), "2014"),
        (date(2016, 10, 14), "2014"),  # 226号 is dated 2016-10-14 ...
        (date(2016, 10, 31), "2014"),
        (date(2016, 11, 1), "2016"),  # ... and takes effect on 2016-11-01
        (date(2023, 9, 15), "2016"),  # the "2023" reading is never chosen by date
        (date(2026, 11, 24), "2016"),
    ],
)
def test_the_version_in_force_follows_the_effective_dates(day, version):
    assert standard_in_force(builtin_standards(), day).version == version


def test_no_standard_is_in_force_before_the_2014_standard_took_effect():
    assert standard_in_force(builtin_standards(), date(2014, 12, 31)) is None


def test_a_draft_is_never_the_version_in_force():
    draft = parse_yaml(
        "version: d1\ntitle: t\ndocument: x\neffective_from: 2020-01-01\nstatus: draft\n"
        "counting: {exclusion_order: [registered_elsewhere, expired, social_insurance_elsewhere,"
        " social_insurance_lapsed, over_age, wrong_specialty], social_insurance_window_months: 6,"
        " age_limit: 70, compared_business_statuses: [存续]}\nqualifications: []\n"
    )
    assert standard_in_force([*builtin_standards(), draft], date(2026, 1, 1)).version == "2016"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "标准数据应为一个 YAML 映射"),
        ("version: x\n", "标准数据缺少字段或格式错误"),
        ("a: [\n", "YAML 格式错误"),
    ],
)
def test_malformed_standards_data_is_refused_in_chinese(text, message):
    with pytest.raises(StandardDataError, match=message):
        parse_yaml(text)
