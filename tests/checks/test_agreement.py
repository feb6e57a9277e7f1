"""The set-based run and the plain evaluator give the same findings and the same reasons."""

from datetime import date, timedelta

from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from hecha.checks.models import Finding, StandardVersion
from hecha.checks.services.explain import explain
from hecha.checks.services.runs import start_check_run
from hecha.checks.services.standards import standard_of
from hecha.registry.models import Enterprise
from hecha.standards.evaluate import findings as unmet
from tests.checks.factories import Population, make_id, make_uscc

QUALIFICATIONS = [
    "建筑工程施工总承包三级",
    "建筑工程施工总承包一级",
    "市政公用工程施工总承包三级",
    "输变电工程专业承包三级",
    "电力工程施工总承包二级",
    "施工劳务不分等级",
]
SPECIALTIES = ["建筑工程", "机电工程", "市政公用工程", "公路工程"]
MONTHS = ["2026-10"] * 6 + [None, "2026-08", "2026-07", "2025-01"]

person_st = st.fixed_dictionaries(
    {
        "enterprise": st.integers(0, 3),
        "second_enterprise": st.sampled_from([None] * 8 + [0, 1, 2, 3]),
        "level": st.sampled_from([1, 2]),
        "specialties": st.sets(st.sampled_from(SPECIALTIES), min_size=1, max_size=2),
        "valid_shift": st.sampled_from([400] * 6 + [-40, -1, 0]),
        "birth_year": st.sampled_from([1975, 1980, 1990, 1958, 1961, 1962]),
        "si_month": st.sampled_from(MONTHS),
        "si_elsewhere": st.sampled_from([False] * 6 + [True]),
    }
)
enterprise_st = st.fixed_dictionaries(
    {
        "status": st.sampled_from(["存续", "在业", "注销"]),
        "district": st.sampled_from(["210102", "210103"]),
        "qualifications": st.sets(st.sampled_from(QUALIFICATIONS), min_size=1, max_size=3),
        "qual_expired": st.booleans(),
    }
)


def build(enterprises, people, as_of):
    pop = Population()
    usccs = [make_uscc(i, e["district"]) for i, e in enumerate(enterprises)]
    for uscc, e in zip(usccs, enterprises, strict=True):
        pop.enterprise(uscc, district=e["district"], status=e["status"])
        for q in e["qualifications"]:
            shift = -1 if e["qual_expired"] and q == sorted(e["qualifications"])[0] else 400
            pop.qualification(uscc, q, valid_until=as_of + timedelta(days=shift))
    for n, p in enumerate(people):
        pid = make_id(n, birth=date(p["birth_year"], 11, 24))
        homes = {p["enterprise"] % len(usccs)}
        if p["second_enterprise"] is not None:
            homes.add(p["second_enterprise"] % len(usccs))
        for home in sorted(homes):
            pop.person(
                pid,
                usccs[home],
                level=p["level"],
                specialties=";".join(sorted(p["specialties"])),
                valid_until=as_of + timedelta(days=p["valid_shift"]),
            )
        if p["si_month"]:
            payer = make_uscc(90, "210104") if p["si_elsewhere"] else usccs[min(homes)]
            pop.social_insurance(pid, payer, p["si_month"])
    pop.save()


def plain_findings(as_of):
    standard = standard_of(StandardVersion.objects.get(version="2016"))
    out = set()
    for enterprise in Enterprise.objects.filter(is_current=True):
        for r in unmet(explain(enterprise=enterprise, standard=standard, as_of=as_of)):
            excluded = frozenset((e.id_number, e.reason) for e in r.excluded)
            out.add((enterprise.uscc, r.requirement.rule_id, len(r.counted), excluded))
    return out


def set_based_findings(as_of):
    run = start_check_run(user=None, as_of=as_of)
    out = set()
    for f in Finding.objects.filter(run=run).prefetch_related("people"):
        excluded = frozenset((p.id_number, p.reason) for p in f.people.all() if p.reason)
        out.add((f.uscc, f.rule_id, f.counted, excluded))
    return out


class Rollback(Exception):
    pass


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    enterprises=st.lists(enterprise_st, min_size=1, max_size=4),
    people=st.lists(person_st, max_size=20),
    as_of=st.sampled_from([date(2026, 11, 24), date(2026, 2, 28), date(2026, 12, 31)]),
)
def test_both_evaluators_agree_on_every_population(reference_data, enterprises, people, as_of):
    try:
        with transaction.atomic():
            build(enterprises, people, as_of)
            found = set_based_findings(as_of)
            event(f"findings: {min(len(found), 3)}+")
            event(f"reasons: {sorted({r for f in found for _, r in f[3]})}")
            assert found == plain_findings(as_of)
            raise Rollback
    except Rollback:
        pass
