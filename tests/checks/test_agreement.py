"""The set-based run and the plain evaluator give the same findings and the same reasons."""

from collections import Counter
from datetime import date, timedelta

from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from hecha.checks.models import Finding, StandardVersion
from hecha.checks.selectors import coverage_by_qualification
from hecha.checks.services.explain import coverage_of_enterprise, explain
from hecha.checks.services.runs import start_check_run
from hecha.checks.services.standards import standard_of
from hecha.registry.models import Enterprise
from hecha.standards.evaluate import findings as unmet
from hecha.standards.loader import builtin_standards
from hecha.standards.qualifications import catalogue
from tests.checks.factories import Population, make_id, make_uscc

# the whole catalogue, the assessed names weighted up, and a name outside it (a data error)
_BUILTIN = {s.version: s for s in builtin_standards()}
_ASSESSED = sorted({q for s in _BUILTIN.values() for q, _ in s.all_requirements()})
QUALIFICATIONS = (
    sorted(_BUILTIN["2014"].qualifications) + _ASSESSED * 3 + ["预拌混凝土专业承包一级"]
)
SPECIALTIES = list(catalogue().specialties[1])
MONTHS = ["2026-10"] * 6 + [None, "2026-08", "2026-07", "2025-01"]
# around the 65th birthday of each as-of day below, a 29 February, and people far from it
BIRTHS = [date(1980, 5, 5), date(1990, 1, 1), date(1950, 3, 3), date(1961, 11, 23),
          date(1961, 11, 24), date(1961, 11, 25), date(1961, 2, 28), date(1961, 3, 1),
          date(1960, 2, 29), date(1961, 12, 31), date(1962, 1, 1)]  # fmt: skip

person_st = st.fixed_dictionaries(
    {
        "enterprise": st.integers(0, 3),
        "second_enterprise": st.sampled_from([None] * 8 + [0, 1, 2, 3]),
        "level": st.sampled_from([1, 2]),
        "specialties": st.sets(st.sampled_from(SPECIALTIES), min_size=1, max_size=2),
        "birth": st.sampled_from(BIRTHS),
        "valid_shift": st.sampled_from([400] * 6 + [-40, -1, 0]),
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
        pid = make_id(n, birth=p["birth"])
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


def plain_findings(as_of, version):
    standard = standard_of(StandardVersion.objects.get(version=version))
    out, covered = set(), Counter()
    for enterprise in Enterprise.objects.filter(is_current=True):
        for r in unmet(explain(enterprise=enterprise, standard=standard, as_of=as_of)):
            excluded = frozenset((e.id_number, e.reason) for e in r.excluded)
            out.add((enterprise.uscc, r.requirement.rule_id, len(r.counted), excluded))
        kinds = coverage_of_enterprise(enterprise=enterprise, standard=standard, as_of=as_of)
        covered.update(kinds.items())
    return out, covered


def set_based_findings(as_of, version):
    run = start_check_run(user=None, as_of=as_of, standard_version=version)
    out = set()
    for f in Finding.objects.filter(run=run).prefetch_related("people"):
        excluded = frozenset((p.id_number, p.reason) for p in f.people.all() if p.reason)
        out.add((f.uscc, f.rule_id, f.counted, excluded))
    covered = Counter()
    for row in coverage_by_qualification(run):
        for kind in ("met", "unmet", "no_requirement", "unknown_name"):
            covered[(row["qualification"], kind)] += row[kind]
    return out, +covered


class Rollback(Exception):
    pass


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    enterprises=st.lists(enterprise_st, min_size=1, max_size=4),
    people=st.lists(person_st, max_size=20),
    as_of=st.sampled_from([date(2026, 11, 24), date(2026, 2, 28), date(2026, 12, 31)]),
    version=st.sampled_from(["2016", "2016", "2014", "2023"]),
)
def test_both_evaluators_agree_on_every_population(
    reference_data, enterprises, people, as_of, version
):
    try:
        with transaction.atomic():
            build(enterprises, people, as_of)
            found, covered = set_based_findings(as_of, version)
            event(f"findings: {min(len(found), 3)}+")
            event(f"reasons: {sorted({r for f in found for _, r in f[3]})}")
            event(f"coverage: {sorted({k for _, k in covered})}")
            assert (found, covered) == plain_findings(as_of, version)
            raise Rollback
    except Rollback:
        pass
