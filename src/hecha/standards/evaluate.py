"""The plain evaluator: explains one enterprise against a standard, person by person.

This is the reference semantics of DOMAIN.md ("Counting registered people"). The set-based
evaluator in `hecha.checks` must give exactly the same findings; a property test proves it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

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


@dataclass(frozen=True)
class HeldQualification:
    name: str
    valid_until: date


@dataclass(frozen=True)
class Excluded:
    id_number: str
    name: str
    reason: str


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


def age_on(birth: date, day: date) -> int:
    """Completed years on `day`; the birthday itself completes the year."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


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
    level_ok = r.level is None or p.level == r.level
    return not level_ok or not (p.specialties & r.specialties)


_CHECKS: dict[str, Callable[[Person, Context, Requirement], bool]] = {
    "registered_elsewhere": lambda p, c, r: p.registered_elsewhere,
    "expired": lambda p, c, r: p.valid_until < c.as_of,
    "social_insurance_elsewhere": lambda p, c, r: (
        c.social_insurance_loaded and p.si_uscc is not None and p.si_uscc != c.uscc
    ),
    "social_insurance_lapsed": lambda p, c, r: _lapsed(p, c),
    "over_age": lambda p, c, r: age_on(p.birth_date, c.as_of) >= c.policy.age_limit,
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
            excluded.append(Excluded(person.id_number, person.name, reason))
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
    if business_status not in standard.policy.compared_business_statuses:
        return []
    context = Context(uscc, as_of, standard.policy, social_insurance_loaded)
    results = []
    for held in sorted(qualifications, key=lambda q: q.name):
        if held.valid_until < as_of:
            continue
        for requirement in standard.requirements_for(held.name):
            results.append(evaluate_requirement(held.name, requirement, people, context))
    return results


def findings(results: Sequence[RequirementResult]) -> list[RequirementResult]:
    """The unmet requirements: a finding is a requirement with counted < required."""
    return [r for r in results if not r.met]
