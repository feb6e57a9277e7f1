"""No silent pass: every held qualification of every compared enterprise is classified, and
the bureau chooses the standards version per run (CONTRACT.md §2, §4 kept)."""

import json
from datetime import date

import pytest

from hecha.audit.models import AuditEntry
from hecha.checks.models import RunCoverage
from hecha.checks.services.runs import CheckRefused, start_check_run
from hecha.cli import main
from tests.checks.factories import make_id, make_uscc

AS_OF = date(2026, 11, 24)


@pytest.fixture
def mixed(population):
    """One enterprise holding a third grade (assessed), a first grade (no count since 2016-11-01)
    and a name outside the catalogue; a second, short enterprise."""
    full, short = make_uscc(1), make_uscc(2)
    for uscc in (full, short):
        population.enterprise(uscc)
        population.qualification(uscc, "建筑工程施工总承包三级")
    population.qualification(full, "建筑工程施工总承包一级")
    population.qualification(full, "预拌混凝土专业承包一级")  # 不分等级 only: a data error
    for i in range(5):
        population.person(make_id(i), full, level=1)
        population.social_insurance(make_id(i), full)
    population.save()
    return full, short


def _coverage(run):
    return {(c.qualification, c.kind): c.count for c in RunCoverage.objects.filter(run=run)}


def test_every_held_qualification_is_met_unmet_or_says_why_it_was_not_assessed(mixed):
    run = start_check_run(user=None, as_of=AS_OF)
    assert _coverage(run) == {
        ("建筑工程施工总承包三级", "met"): 1,
        ("建筑工程施工总承包三级", "unmet"): 1,
        ("建筑工程施工总承包一级", "no_requirement"): 1,
        ("预拌混凝土专业承包一级", "unknown_name"): 1,
    }
    assert run.coverage == {
        "compared": 4, "met": 1, "unmet": 1, "no_requirement": 1, "unknown_name": 1
    }  # fmt: skip
    assert run.coverage_sentence() == "比对资质 4 项，其中无人员指标 1 项，名称无法识别 1 项"
    entry = AuditEntry.objects.get(action="checks.run_completed")
    assert entry.data["coverage_sentence"] == run.coverage_sentence()


def test_the_selected_reading_holds_first_grade_holders_to_159s_counts(mixed):
    default = start_check_run(user=None, as_of=AS_OF)
    reading = start_check_run(user=None, as_of=AS_OF, standard_version="2023")
    assert (default.standard.version, reading.standard.version) == ("2016", "2023")
    assert not reading.what_if  # a published reading, chosen on purpose
    first = reading.findings.filter(qualification="建筑工程施工总承包一级")
    assert first.count() == 2 and all(f.unconfirmed for f in first)
    assert not default.findings.filter(qualification="建筑工程施工总承包一级").exists()


def test_an_unknown_version_is_refused_in_chinese_and_nothing_is_stored(mixed):
    with pytest.raises(CheckRefused, match="未找到资质标准版本：1999"):
        start_check_run(user=None, as_of=AS_OF, standard_version="1999")
    assert not RunCoverage.objects.exists()


def test_a_run_before_2016_11_01_uses_the_2014_standard(mixed):
    run = start_check_run(user=None, as_of=date(2016, 10, 31))
    assert run.standard.version == "2014"
    assert ("建筑工程施工总承包一级", "unmet") in _coverage(run)


def test_hecha_check_keeps_the_json_array_and_prints_coverage_on_stderr(mixed, capsys):
    assert main(["check", "--as-of", "2026-11-24", "--standard", "2023"]) == 0
    out, err = capsys.readouterr()
    rows = json.loads(out)
    assert isinstance(rows, list) and {r["qualification"] for r in rows} == {
        "建筑工程施工总承包三级",
        "建筑工程施工总承包一级",
    }
    assert all({"rule_id", "unconfirmed", "clause"} <= set(r) for r in rows)
    assert "标准 2023" in err
    assert "比对资质 4 项，其中无人员指标 0 项，名称无法识别 1 项" in err
    assert "预拌混凝土专业承包一级\t0\t0\t0\t1" in err


def test_the_api_reports_coverage_per_run_and_per_qualification(mixed, client, city_reviewer):
    client.force_login(city_reviewer)
    run = start_check_run(user=None, as_of=AS_OF)
    body = client.get(f"/api/checks/runs/{run.pk}").json()
    assert body["coverage"]["unknown_name"] == 1
    assert body["coverage_sentence"] == run.coverage_sentence()
    rows = client.get(f"/api/checks/runs/{run.pk}/coverage").json()
    assert {"qualification": "建筑工程施工总承包一级", "met": 0, "unmet": 0,
            "no_requirement": 1, "unknown_name": 0} in rows  # fmt: skip


def test_the_lists_of_qualifications_not_assessed_are_scoped_and_say_why(
    mixed, population, client, city_reviewer, shenhe_officer
):
    full, _ = mixed
    run = start_check_run(user=None, as_of=AS_OF)
    client.force_login(city_reviewer)
    unknown = client.get(f"/checks/{run.pk}/findings/", {"kind": "unknown_name"}).content.decode()
    assert "预拌混凝土专业承包一级" in unknown and full in unknown and "数据错误" in unknown
    none = client.get(f"/checks/{run.pk}/findings/", {"kind": "no_requirement"}).content.decode()
    assert "建筑工程施工总承包一级" in none and "建市〔2016〕226号第一项" in none
    page = client.get(f"/checks/{run.pk}/").content.decode()
    assert "比对资质 <strong>4</strong> 项，其中无人员指标 <strong>1</strong> 项" in page
    client.force_login(shenhe_officer)  # 沈河区: the enterprises are in 和平区
    other = client.get(f"/checks/{run.pk}/findings/", {"kind": "unknown_name"}).content.decode()
    assert full not in other and "没有此类资质" in other
