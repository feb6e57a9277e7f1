"""One enterprise explained by the plain evaluator, from the current registry rows.

The enterprise page shows this; the property test proves the set-based run agrees with it.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from hecha.law.identifiers import birth_date
from hecha.registry.models import Enterprise, Qualification, RegisteredPerson, SocialInsurance
from hecha.standards.evaluate import (
    HeldQualification,
    Person,
    RequirementResult,
    coverage,
    explain_enterprise,
)
from hecha.standards.model import Standard


def as_of_batch(model, last_batch: int | None):
    """The rows of `model` as they stood when batch `last_batch` was the latest import (the
    registry a comparison run read); the current rows when `last_batch` is None."""
    if last_batch is None:
        return model.objects.filter(is_current=True)
    return model.objects.filter(batch_id__lte=last_batch).filter(
        Q(superseded_by__isnull=True) | Q(superseded_by__gt=last_batch)
    )


def _enterprise_words(usccs: set[str], last_batch: int | None) -> dict[str, str]:
    """ "name（district）" of each enterprise known to the registry; the code where unknown."""
    rows = (
        as_of_batch(Enterprise, last_batch)
        .filter(uscc__in=usccs)
        .values_list("uscc", "name", "district__name")
    )
    words = {u: f"{name}（{district}，{u}）" for u, name, district in rows}
    return {u: words.get(u, f"统一社会信用代码{u}的单位") for u in usccs}


def _people(uscc: str, last_batch: int | None) -> list[Person]:
    registered = as_of_batch(RegisteredPerson, last_batch)
    rows = list(registered.filter(uscc=uscc))
    ids = [r.id_number for r in rows]
    elsewhere: dict[str, list[str]] = {}
    for pid, other in (
        registered.filter(id_number__in=ids).exclude(uscc=uscc).values_list("id_number", "uscc")
    ):
        elsewhere.setdefault(pid, []).append(other)
    insurance = {
        s.id_number: s for s in as_of_batch(SocialInsurance, last_batch).filter(id_number__in=ids)
    }
    known = {u for others in elsewhere.values() for u in others} | {
        s.uscc for s in insurance.values()
    }
    words = _enterprise_words(known, last_batch)
    return [
        _person(r, elsewhere.get(r.id_number, []), insurance.get(r.id_number), words) for r in rows
    ]


def _person(r, elsewhere: list[str], si, words: dict[str, str]) -> Person:
    return Person(
        id_number=r.id_number,
        name=r.name,
        level=r.level,
        specialties=frozenset(s for s in r.specialties.split(";") if s),
        valid_until=r.valid_until,
        birth_date=birth_date(r.id_number),  # imported IDs are valid
        registered_elsewhere=bool(elsewhere),
        si_uscc=si.uscc if si else None,
        si_last_paid=si.last_paid_month if si else None,
        elsewhere_at=tuple(sorted(words[u] for u in elsewhere)),
        si_payer=words[si.uscc] if si else None,
    )


def _held(uscc: str, last_batch: int | None) -> list[HeldQualification]:
    return [
        HeldQualification(q.name, q.valid_until)
        for q in as_of_batch(Qualification, last_batch).filter(uscc=uscc)
    ]


def coverage_of_enterprise(
    *, enterprise: Enterprise, standard: Standard, as_of: date, last_batch: int | None = None
) -> dict[str, str]:
    """How each held qualification came out: met, unmet, no_requirement or unknown_name."""
    return explain_and_cover(
        enterprise=enterprise, standard=standard, as_of=as_of, last_batch=last_batch
    )[1]


def explain(
    *, enterprise: Enterprise, standard: Standard, as_of: date, last_batch: int | None = None
) -> list[RequirementResult]:
    """Explain the enterprise as the registry stood after `last_batch` (None: as it is now)."""
    return explain_and_cover(
        enterprise=enterprise, standard=standard, as_of=as_of, last_batch=last_batch
    )[0]


def explain_and_cover(
    *, enterprise: Enterprise, standard: Standard, as_of: date, last_batch: int | None = None
) -> tuple[list[RequirementResult], dict[str, str]]:
    """The explanation and the coverage together, from one read of the registry rows (the
    enterprise page shows both)."""
    held = _held(enterprise.uscc, last_batch)
    results = explain_enterprise(
        uscc=enterprise.uscc,
        business_status=enterprise.business_status,
        qualifications=held,
        people=_people(enterprise.uscc, last_batch),
        standard=standard,
        as_of=as_of,
        social_insurance_loaded=as_of_batch(SocialInsurance, last_batch).exists(),
    )
    kinds = coverage(
        business_status=enterprise.business_status,
        qualifications=held,
        results=results,
        standard=standard,
        as_of=as_of,
    )
    return results, kinds
