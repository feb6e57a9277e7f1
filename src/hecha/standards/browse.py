"""The catalogue as a reader browses it: by sequence, then category, then grade."""

from __future__ import annotations

from dataclasses import dataclass

from hecha.standards.derive import GRADE_ORDER, split_grade
from hecha.standards.model import QualificationStandard, Standard
from hecha.standards.qualifications import catalogue


@dataclass(frozen=True)
class Category:
    sequence: str
    category: str
    grades: tuple[QualificationStandard, ...]


def browse(standard: Standard) -> dict[str, list[Category]]:
    """{sequence: [Category]} in the catalogue's order; names it cannot place under 其他."""
    by_prefix: dict[str, list[QualificationStandard]] = {}
    for entry in standard.qualifications.values():
        by_prefix.setdefault(split_grade(entry.name)[0], []).append(entry)
    rank = {g: i for i, g in enumerate(GRADE_ORDER)}
    placed = {q.name: q for q in catalogue().qualifications.values()}
    out: dict[str, list[Category]] = {}
    seen: set[str] = set()
    for name in placed.values():
        prefix = split_grade(name.name)[0]
        if prefix in seen or prefix not in by_prefix:
            continue
        seen.add(prefix)
        grades = sorted(by_prefix[prefix], key=lambda e: rank.get(split_grade(e.name)[1], 9))
        out.setdefault(name.sequence, []).append(
            Category(name.sequence, name.category, tuple(grades))
        )
    for prefix in sorted(set(by_prefix) - seen):
        out.setdefault("其他", []).append(Category("其他", prefix, tuple(by_prefix[prefix])))
    return out
