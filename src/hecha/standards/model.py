"""The requirement model: standards as dated, cited data (DOMAIN.md, "Qualification standards")."""

from __future__ import annotations

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
    "over_age": "年龄已满65周岁",
    "wrong_specialty": "注册等级或专业不符合该项要求",
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
            return f"年龄已满{self.age_limit}周岁"
        return REASON_LABELS[reason]


@dataclass(frozen=True)
class Requirement:
    rule_id: str
    text: str
    min_people: int
    level: int | None  # 1: 一级 only; None: any level
    specialties: frozenset[str]
    clause: str
    unconfirmed: bool = False

    @property
    def specialty_list(self) -> list[str]:
        return sorted(self.specialties)

    def level_label(self) -> str:
        return "一级" if self.level == 1 else "不限等级"


@dataclass(frozen=True)
class QualificationStandard:
    name: str
    requirements: tuple[Requirement, ...]
    unconfirmed: bool = False
    note: str = ""


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

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_until is None or day <= self.effective_until
        )

    def requirements_for(self, qualification: str) -> tuple[Requirement, ...]:
        entry = self.qualifications.get(qualification)
        return entry.requirements if entry else ()

    def all_requirements(self) -> list[tuple[str, Requirement]]:
        return [(q.name, r) for q in self.qualifications.values() for r in q.requirements]
