"""Comparison runs: findings, their evidence, scope, what-if and the command (CONTRACT.md §2, §4)."""

import json
from datetime import date

import pytest

from hecha.checks.models import CheckRun, Finding
from hecha.checks.services.runs import CheckRefused, start_check_run
from hecha.cli import main
from tests.checks.factories import make_id, make_uscc

AS_OF = date(2026, 11, 24)
JZ3 = "建筑工程施工总承包三级"


def staffed(population, uscc, n, *, district="210102", start=0, **person):
    population.enterprise(uscc, district=district)
    population.qualification(uscc, JZ3)
    for i in range(start, start + n):
        pid = make_id(i)
        population.person(pid, uscc, **person)
        population.social_insurance(pid, uscc)


@pytest.fixture
def city(population):
    """和平区: one compliant enterprise, one short of one person; 沈河区: one short enterprise."""
    staffed(population, make_uscc(1), 5, start=0)
    staffed(population, make_uscc(2), 4, start=10)
    staffed(population, make_uscc(3, "210103"), 3, district="210103", start=20)
    population.save()
    return population


def test_only_unmet_requirements_become_findings(city):
    run = start_check_run(user=None, as_of=AS_OF)
    rows = list(
        Finding.objects.filter(run=run).values_list("uscc", "rule_id", "required", "counted")
    )
    assert sorted(rows) == [
        (make_uscc(2), f"{JZ3}.a", 5, 4),
        (make_uscc(3, "210103"), f"{JZ3}.a", 5, 3),
        (make_uscc(3, "210103"), f"{JZ3}.b", 4, 3),
    ]
    assert (run.enterprises_flagged, run.findings_count, run.enterprises_compared) == (2, 3, 3)
    assert run.standard.version == "2016" and run.status == "done" and not run.what_if
    assert run.batch_ids == [city.batch.pk]


def test_the_evidence_names_every_excluded_person_with_the_reason(population, tmp_path):
    uscc = make_uscc(5)
    population.enterprise(uscc)
    population.qualification(uscc, JZ3)
    reasons = {}
    for i in range(4):
        population.person(make_id(i), uscc)
        population.social_insurance(make_id(i), uscc)
    population.person(make_id(7), uscc, valid_until=date(2026, 1, 1))
    population.social_insurance(make_id(7), uscc)
    reasons[make_id(7)] = "expired"
    population.person(make_id(8), uscc)
    population.social_insurance(make_id(8), make_uscc(99, "210104"))
    reasons[make_id(8)] = "social_insurance_elsewhere"
    population.person(make_id(9), uscc)
    population.person(make_id(9), make_uscc(6))  # the same person at a second enterprise
    reasons[make_id(9)] = "registered_elsewhere"
    population.save()
    main(["check", "--as-of", "2026-11-24", "--format", "json", "--out", str(tmp_path / "f.json")])
    findings = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    (a,) = [f for f in findings if f["uscc"] == uscc]
    assert a["rule_id"] == f"{JZ3}.a" and (a["required"], a["counted"]) == (5, 4)
    assert {e["id_number"]: e["reason"] for e in a["excluded"]} == reasons
    assert {"uscc", "enterprise_name", "district_code", "qualification", "requirement"} <= a.keys()


def test_a_district_run_sees_only_its_district(city, heping_officer):
    run = start_check_run(user=heping_officer, as_of=AS_OF)
    assert run.district_id == "210102"
    assert set(Finding.objects.filter(run=run).values_list("district_code", flat=True)) == {
        "210102"
    }


def test_a_district_user_cannot_run_for_another_district(city, heping_officer):
    with pytest.raises(CheckRefused, match="区县用户只能比对本区县的企业"):
        start_check_run(user=heping_officer, as_of=AS_OF, district_code="210103")
    assert CheckRun.objects.count() == 0


def test_the_2014_standard_applies_to_a_date_before_2016_11_01(population):
    uscc = make_uscc(8)
    population.enterprise(uscc)
    population.qualification(uscc, "建筑工程施工总承包二级", valid_until=date(2030, 1, 1))
    population.save()
    assert start_check_run(user=None, as_of=date(2026, 1, 5)).findings_count == 0
    early = start_check_run(user=None, as_of=date(2016, 1, 5))
    assert early.standard.version == "2014" and early.findings_count == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--district", "999999"], "未知的区划代码：999999"),
        (["--standard", "1999"], "未找到资质标准版本：1999"),
        (["--as-of", "2014-06-01"], "没有生效的资质标准"),
    ],
)
def test_the_command_refuses_bad_input_and_stores_no_run(city, capsys, args, message):
    assert main(["check", *args]) == 2
    assert message in capsys.readouterr().err
    assert CheckRun.objects.count() == 0


def test_csv_and_xlsx_hold_the_same_rows_with_chinese_headers(city, tmp_path):
    import csv

    import openpyxl

    assert (
        main(
            ["check", "--as-of", "2026-11-24", "--format", "csv", "--out", str(tmp_path / "f.csv")]
        )
        == 0
    )
    rows = list(csv.reader((tmp_path / "f.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:3] == ["统一社会信用代码", "企业名称", "区划代码"]
    assert len(rows) == 4
    assert (
        main(
            [
                "check",
                "--as-of",
                "2026-11-24",
                "--format",
                "xlsx",
                "--out",
                str(tmp_path / "f.xlsx"),
            ]
        )
        == 0
    )
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx").active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0] == rows[0]
    assert [v[:8] for v in values[1:]] == [
        [r[0], r[1], r[2], r[3], r[4], r[5], int(r[6]), int(r[7])] for r in rows[1:]
    ]


def test_a_later_run_is_compared_with_an_earlier_one(city):
    from hecha.checks.selectors import compare_runs
    from hecha.registry.models import RegisteredPerson
    from tests.checks.factories import Population

    first = start_check_run(user=None, as_of=AS_OF)
    # a later import: the 和平区 short enterprise hires its fifth person; the compliant one's
    # registrations are replaced by expired ones (as an import writes them: a new batch)
    later = Population()
    old = RegisteredPerson.objects.filter(uscc=make_uscc(1), is_current=True)
    for p in old:
        later.person(p.id_number, p.uscc, valid_until=date(2026, 1, 1), name=p.name)
    old.update(is_current=False, superseded_by=later.batch)
    later.person(make_id(50), make_uscc(2), name="新人")
    later.social_insurance(make_id(50), make_uscc(2))
    later.save()
    second = start_check_run(user=None, as_of=AS_OF)
    diff = compare_runs(earlier=first, later=second)
    assert [(r[0], r[1]) for r in diff["resolved"]] == [(make_uscc(2), f"{JZ3}.a")]
    assert sorted((r[0], r[1]) for r in diff["new"]) == [
        (make_uscc(1), f"{JZ3}.a"),
        (make_uscc(1), f"{JZ3}.b"),
    ]
    assert len(diff["unchanged"]) == 2
    assert Finding.objects.filter(run=first).count() == 3  # the earlier run is untouched


DRAFT = """
version: draft-2027
title: 试算标准
document: 测试
effective_from: 2026-01-01
status: published
counting:
  exclusion_order: [registered_elsewhere, expired, social_insurance_elsewhere,
                    social_insurance_lapsed, over_age, wrong_specialty]
  social_insurance_window_months: 3
  age_limit: 65
  compared_business_statuses: [存续, 在业]
qualifications:
  - name: 建筑工程施工总承包三级
    requirements:
      - {rule_id: 建筑工程施工总承包三级.a, text: 合计不少于6人, min_people: 6, level: any,
         specialties: [建筑工程, 机电工程]}
"""


def test_a_draft_standard_gives_a_what_if_run_and_never_the_version_in_force(city):
    from hecha.checks.services.standards import load_draft_standard

    draft = load_draft_standard(text=DRAFT)
    assert draft.status == "draft"  # whatever the file says
    assert start_check_run(user=None, as_of=AS_OF).standard.version == "2016"
    what_if = start_check_run(user=None, as_of=AS_OF, standard_version="draft-2027")
    assert what_if.what_if
    rows = sorted(Finding.objects.filter(run=what_if).values_list("uscc", "required", "counted"))
    assert rows == [(make_uscc(1), 6, 5), (make_uscc(2), 6, 4), (make_uscc(3, "210103"), 6, 3)]


def test_a_draft_cannot_replace_a_published_version(reference_data):
    from hecha.checks.models import StandardVersion
    from hecha.checks.services.standards import load_draft_standard
    from hecha.standards.loader import StandardDataError

    before = StandardVersion.objects.get(version="2016").sha256
    with pytest.raises(StandardDataError, match="版本 2016 已发布，不能以草案覆盖"):
        load_draft_standard(text=DRAFT.replace("draft-2027", '"2016"'))
    assert StandardVersion.objects.get(version="2016").sha256 == before
