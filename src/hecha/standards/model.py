"""The requirement model: standards as dated, cited data (DOMAIN.md, "Qualification standards")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

EXCLUSION_REASONS = (
    "registered_elsewhere",
    "expired",
    "social_insurance_elsewhere",
    "social_insurance_lapsed",
    "over_age",
    "wrong_specialty",
)

REASON_LABELS = {
    "registered_elsewhere": "同一人员同时注册在其他单位",
    "expired": "注册有效期已过",
    "social_insurance_elsewhere": "社保缴纳单位与注册单位不一致",
    "social_insurance_lapsed": "社保缴纳记录缺失或已中断",
    "over_age": "年龄超过65周岁",
    "wrong_specialty": "注册等级或专业不符合该项要求",
}

# How each held qualification of a compared enterprise came out of a run: no silent pass.
COVERAGE = {
    "met": "符合",
    "unmet": "不符合",
    "no_requirement": "未比对：本版本无人员指标",
    "unknown_name": "未比对：资质名称无法识别（数据错误）",
}


@dataclass(frozen=True)
class CountingPolicy:
    """How registered people are counted; a province with other rules changes this data."""

    exclusion_order: tuple[str, ...]
    social_insurance_window_months: int
    age_limit: int
    compared_business_statuses: frozenset[str]

    def reason_label(self, reason: str) -> str:
        if reason == "over_age":
            return f"年龄超过{self.age_limit}周岁"
        return REASON_LABELS[reason]


@dataclass(frozen=True)
class Source:
    """A public copy a value was read from: a web page, or a file in a public repository."""

    id: str
    title: str
    url: str = ""
    repo: str = ""
    path: str = ""
    publisher: str = ""
    read_on: str = ""

    @property
    def where(self) -> str:
        return self.url or (f"{self.repo}:{self.path}" if self.repo else "")


@dataclass(frozen=True)
class Requirement:
    rule_id: str
    text: str
    min_people: int
    level: int | None  # 1: 一级 only; None: any level
    specialties: frozenset[str]  # empty when any specialty counts
    clause: str
    unconfirmed: bool = False
    sources: tuple[str, ...] = ()
    disagreement: str = ""
    any_specialty: bool = False

    @property
    def specialty_list(self) -> list[str]:
        return sorted(self.specialties)

    def level_label(self) -> str:
        return "一级" if self.level == 1 else "不限等级"

    def specialty_label(self) -> str:
        return "不限专业" if self.any_specialty else "、".join(self.specialty_list)

    def level_matches(self, level: int) -> bool:
        return self.level is None or level == self.level

    def specialty_matches(self, specialties: Iterable[str]) -> bool:
        return self.any_specialty or not self.specialties.isdisjoint(specialties)

    def accepts(self, level: int, specialties: Iterable[str]) -> bool:
        """Whether a registration of this level and these specialties counts for it."""
        return self.level_matches(level) and self.specialty_matches(specialties)


@dataclass(frozen=True)
class QualificationStandard:
    name: str
    requirements: tuple[Requirement, ...]
    unconfirmed: bool = False
    note: str = ""
    clause: str = ""
    sources: tuple[str, ...] = ()
    no_constructor_count: str | None = None  # why this version counts no constructors for it

    @property
    def assessed(self) -> bool:
        return bool(self.requirements)

    @property
    def undecided(self) -> bool:
        """Neither requirements nor a stated reason for having none: a gap in the data."""
        return not self.requirements and not self.no_constructor_count

    def not_assessed_reason(self) -> str:
        return self.no_constructor_count or self.note or "本版本无注册建造师人数要求"


@dataclass(frozen=True)
class Standard:
    """One version of the standards, with the document it comes from and when it is in force."""

    version: str
    title: str
    document: str
    effective_from: date
    effective_until: date | None
    status: str  # published | draft
    policy: CountingPolicy
    qualifications: dict[str, QualificationStandard] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    document_date: date | None = None
    chosen_by_date: bool = True  # False: only when a run selects it by name
    reasoning: str = ""  # why this version reads the law as it does (shown on pages and runs)
    derived_from: str | None = None
    derivation: tuple[str, ...] = ()  # the derivation rule in words
    problems: tuple[str, ...] = ()  # data gaps found while deriving (a test fails on them)

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_until is None or day <= self.effective_until
        )

    def requirements_for(self, qualification: str) -> tuple[Requirement, ...]:
        entry = self.qualifications.get(qualification)
        return entry.requirements if entry else ()

    def all_requirements(self) -> list[tuple[str, Requirement]]:
        return [(q.name, r) for q in self.qualifications.values() for r in q.requirements]

    def coverage_of(self, qualification: str) -> str:
        """`assessed`, `no_requirement` or `unknown_name` for a held qualification's name."""
        entry = self.qualifications.get(qualification)
        if entry is None:
            return "unknown_name"
        return "assessed" if entry.assessed else "no_requirement"

    def unconfirmed(self, qualification: str, requirement: Requirement) -> bool:
        entry = self.qualifications.get(qualification)
        return requirement.unconfirmed or bool(entry and entry.unconfirmed)

    def sources_of(self, ids: Iterable[str]) -> list[Source]:
        return [self.sources[i] for i in ids if i in self.sources]
