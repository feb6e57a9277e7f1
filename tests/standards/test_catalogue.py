"""The whole standard is in the data: every category and grade of 建市〔2014〕159号 either has
its registered-constructor requirements, with clause and sources, or says why it has none."""

import pytest

from hecha.standards.derive import split_grade
from hecha.standards.loader import builtin_standards
from hecha.standards.qualifications import catalogue_sequences

BUILTIN = {s.version: s for s in builtin_standards()}
STANDARD = BUILTIN["2014"]


def test_every_category_of_the_standard_has_its_grades_in_the_data():
    defined = {split_grade(name)[0] for name in STANDARD.qualifications}
    expected = {
        category if category == sequence else category + sequence
        for sequence, data in catalogue_sequences().items()
        for category in data["categories"]
    }
    assert sorted(expected - defined) == []
    assert sorted(defined - expected) == []


def test_every_grade_is_one_its_sequence_has():
    allowed = {
        (category if category == sequence else category + sequence): set(data["grades"])
        for sequence, data in catalogue_sequences().items()
        for category in data["categories"]
    }
    wrong = [
        n
        for n in STANDARD.qualifications
        if split_grade(n)[1] not in allowed.get(split_grade(n)[0], ())
    ]
    assert wrong == []


@pytest.mark.parametrize("name", sorted(STANDARD.qualifications))
def test_each_qualification_has_requirements_or_says_why_it_has_none(name):
    entry = STANDARD.qualifications[name]
    assert not entry.undecided, f"{name}：既无注册建造师人数要求，也未说明原因"
    if entry.requirements:
        assert entry.clause or all(r.clause for r in entry.requirements), name


@pytest.mark.parametrize(
    "rule", [r for _, r in STANDARD.all_requirements()], ids=lambda r: r.rule_id
)
def test_each_requirement_is_cited_and_confirmed_only_by_two_sources(rule):
    assert rule.clause and rule.sources, rule.rule_id
    if not rule.unconfirmed:
        assert len(set(rule.sources)) >= 2, f"{rule.rule_id}：只有一个来源，须标为待核实"


def test_the_derived_versions_found_every_name_they_declare():
    for standard in BUILTIN.values():
        assert standard.problems == (), standard.version


def test_the_2016_version_assesses_only_lowest_grades_and_not_communications_third_grade():
    v2016 = BUILTIN["2016"]
    assert v2016.coverage_of("通信工程施工总承包三级") == "no_requirement"
    assert v2016.coverage_of("建筑工程施工总承包三级") == "assessed"
    for name, entry in v2016.qualifications.items():
        if entry.assessed:
            assert STANDARD.qualifications[name].requirements == entry.requirements
