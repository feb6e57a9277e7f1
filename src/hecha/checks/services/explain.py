"""One enterprise explained by the plain evaluator, from the current registry rows.

The enterprise page shows this; the property test proves the set-based run agrees with it.
"""

from __future__ import annotations

from datetime import date

from hecha.registry.models import Enterprise, Qualification, RegisteredPerson, SocialInsurance
from hecha.standards.evaluate import (
    HeldQualification,
    Person,
    RequirementResult,
    explain_enterprise,
)
from hecha.standards.model import Standard


def _birth_date(id_number: str) -> date:
    return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def _people(uscc: str) -> list[Person]:
    rows = list(RegisteredPerson.objects.filter(uscc=uscc, is_current=True))
    ids = [r.id_number for r in rows]
    elsewhere = set(
        RegisteredPerson.objects.filter(id_number__in=ids, is_current=True)
        .exclude(uscc=uscc)
        .values_list("id_number", flat=True)
    )
    insurance = {
        s.id_number: s for s in SocialInsurance.objects.filter(id_number__in=ids, is_current=True)
    }
    people = []
    for r in rows:
        si = insurance.get(r.id_number)
        people.append(
            Person(
                id_number=r.id_number,
                name=r.name,
                level=r.level,
                specialties=frozenset(s for s in r.specialties.split(";") if s),
                valid_until=r.valid_until,
                birth_date=_birth_date(r.id_number),
                registered_elsewhere=r.id_number in elsewhere,
                si_uscc=si.uscc if si else None,
                si_last_paid=si.last_paid_month if si else None,
            )
        )
    return people


def explain(*, enterprise: Enterprise, standard: Standard, as_of: date) -> list[RequirementResult]:
    held = [
        HeldQualification(q.name, q.valid_until)
        for q in Qualification.objects.filter(uscc=enterprise.uscc, is_current=True)
    ]
    return explain_enterprise(
        uscc=enterprise.uscc,
        business_status=enterprise.business_status,
        qualifications=held,
        people=_people(enterprise.uscc),
        standard=standard,
        as_of=as_of,
        social_insurance_loaded=SocialInsurance.objects.filter(is_current=True).exists(),
    )
