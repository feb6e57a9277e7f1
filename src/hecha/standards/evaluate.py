"""The plain evaluator: explains one enterprise against a standard, person by person.

This is the reference semantics of DOMAIN.md ("Counting registered people"). The set-based
evaluator in `hecha.checks` must give exactly the same findings; a property test proves it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from hecha.standards.ages import is_over_age
from hecha.standards.details import detail
from hecha.standards.model import CountingPolicy, Requirement, Standard


@dataclass(frozen=True)
class Person:
    """A registered constructor as registered with the enterprise under evaluation."""

    id_number: str
    name: str
    level: int
    specialties: frozenset[str]
    valid_until: date
    birth_date: date
    registered_elsewhere: bool
    si_uscc: str | None = None  # who pays their social insurance, if a record exists
    si_last_paid: str | None = None  # "YYYY-MM"
    # for the explanation only: the other enterprises they are registered with, and the
    # name of the unit paying their social insurance ("name（district）" where known)
    elsewhere_at: tuple[str, ...] = ()
    si_payer: str | None = None


@dataclass(frozen=True)
class HeldQualification:
    name: str
    valid_until: date


@dataclass(frozen=True)
class Excluded:
    id_number: str
    name: str
    reason: str
    detail: str = ""  # what exactly, in words a layperson can act on


@dataclass(frozen=True)
class RequirementResult:
    qualification: str
    requirement: Requirement
    counted: tuple[Person, ...]
    excluded: tuple[Excluded, ...]

    @property
    def met(self) -> bool:
        return len(self.counted) >= self.requirement.min_people


@dataclass(frozen=True)
class Context:
    uscc: str
    as_of: date
    policy: CountingPolicy
    social_insurance_loaded: bool


def months_between(earlier: str, day: date) -> int:
    year, month = int(earlier[:4]), int(earlier[5:7])
    return (day.year * 12 + day.month) - (year * 12 + month)


def _lapsed(p: Person, c: Context) -> bool:
    if not c.social_insurance_loaded:
        return False
    if p.si_last_paid is None:
        return True
    return months_between(p.si_last_paid, c.as_of) > c.policy.social_insurance_window_months


def _wrong_specialty(p: Person, r: Requirement) -> bool:
    return not r.accepts(p.level, p.specialties)


_CHECKS: dict[str, Callable[[Person, Context, Requirement], bool]] = {
    "registered_elsewhere": lambda p, c, r: p.registered_elsewhere,
    "expired": lambda p, c, r: p.valid_until < c.as_of,
    "social_insurance_elsewhere": lambda p, c, r: (
        c.social_insurance_loaded and p.si_uscc is not None and p.si_uscc != c.uscc
    ),
    "social_insurance_lapsed": lambda p, c, r: _lapsed(p, c),
    "over_age": lambda p, c, r: is_over_age(p.birth_date, c.policy.age_limit, c.as_of),
    "wrong_specialty": lambda p, c, r: _wrong_specialty(p, r),
}


def exclusion_reason(person: Person, requirement: Requirement, context: Context) -> str | None:
    """The first reason, in the policy's order, why `person` does not count; None if they do."""
    for reason in context.policy.exclusion_order:
        if _CHECKS[reason](person, context, requirement):
            return reason
    return None


def evaluate_requirement(
    qualification: str, requirement: Requirement, people: Sequence[Person], context: Context
) -> RequirementResult:
    counted: list[Person] = []
    excluded: list[Excluded] = []
    for person in sorted(people, key=lambda p: p.id_number):
        reason = exclusion_reason(person, requirement, context)
        if reason is None:
            counted.append(person)
        else:
            words = detail(person, reason, requirement, context)
            excluded.append(Excluded(person.id_number, person.name, reason, words))
    return RequirementResult(qualification, requirement, tuple(counted), tuple(excluded))


def explain_enterprise(
    *,
    uscc: str,
    business_status: str,
    qualifications: Sequence[HeldQualification],
    people: Sequence[Person],
    standard: Standard,
    as_of: date,
    social_insurance_loaded: bool,
) -> list[RequirementResult]:
    """Every requirement of every compared qualification, met or not, in a stable order.

    Only enterprises in a compared business status, and qualifications valid on `as_of`, are
    compared (DOMAIN.md); the others give no results.
    """
    context = Context(uscc, as_of, standard.policy, social_insurance_loaded)
    results = []
    held_compared = compared(business_status, qualifications, standard, as_of)
    for held in sorted(held_compared, key=lambda q: q.name):
        for requirement in standard.requirements_for(held.name):
            results.append(evaluate_requirement(held.name, requirement, people, context))
    return results


def compared(
    business_status: str,
    qualifications: Sequence[HeldQualification],
    standard: Standard,
    as_of: date,
) -> list[HeldQualification]:
    """The held qualifications a run compares: of a compared business status, valid on as_of."""
    if business_status not in standard.policy.compared_business_statuses:
        return []
    return [q for q in qualifications if q.valid_until >= as_of]


def coverage(
    *,
    business_status: str,
    qualifications: Sequence[HeldQualification],
    results: Sequence[RequirementResult],
    standard: Standard,
    as_of: date,
) -> dict[str, str]:
    """How each compared qualification came out: met, unmet, no_requirement or unknown_name.

    No silent pass: a qualification is either assessed or says why it was not.
    """
    unmet = {r.qualification for r in results if not r.met}
    out = {}
    for held in compared(business_status, qualifications, standard, as_of):
        kind = standard.coverage_of(held.name)
        if kind == "assessed":
            kind = "unmet" if held.name in unmet else "met"
        out[held.name] = kind
    return out


def findings(results: Sequence[RequirementResult]) -> list[RequirementResult]:
    """The unmet requirements: a finding is a requirement with counted < required."""
    return [r for r in results if not r.met]
