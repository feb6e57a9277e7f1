"""The procedure's values as data, each with its source: deadlines (data/deadlines.yaml), the
bureau's policies (data/policies.yaml), the reasons a case may be withdrawn
(data/withdrawal_reasons.yaml) and the restriction statuses (data/restrictions.yaml)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from hecha import yamltext
from hecha.law.calendar import WorkCalendar
from hecha.law.periods import LegalDate, period_end, workdays_after


def _load(name: str) -> dict[str, Any]:
    text = resources.files("hecha.workflow").joinpath(f"data/{name}").read_text("utf-8")
    return yamltext.safe_load(text)


@dataclass(frozen=True)
class Deadline:
    key: str
    basis: str
    source: str
    statutory: bool
    working_days: int | None = None
    days: int | None = None
    months: int | None = None

    def from_(self, start: date, calendar: WorkCalendar) -> LegalDate:
        if self.working_days is not None:
            result = workdays_after(start, self.working_days, calendar=calendar)
        else:
            result = period_end(start, days=self.days, months=self.months, calendar=calendar)
        return LegalDate(result.value, self.basis, result.provisional_years)


@cache
def deadlines() -> dict[str, Deadline]:
    rows = _load("deadlines.yaml")["deadlines"]
    return {
        key: Deadline(
            key=key,
            basis=row["basis"],
            source=row["source"],
            statutory=bool(row["statutory"]),
            working_days=row.get("working_days"),
            days=row.get("days"),
            months=row.get("months"),
        )
        for key, row in rows.items()
    }


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    wording: str


@dataclass(frozen=True)
class Policy:
    key: str
    title: str
    source: str
    default: str
    options: dict[str, Option]

    def chosen(self, env: str | None = None) -> Option:
        """The option in force: the setting (environment variable) if it names one, else the
        default the data gives."""
        value = (os.environ.get(env) if env else None) or self.default
        return self.options.get(value, self.options[self.default])


@cache
def policies() -> dict[str, Policy]:
    rows = _load("policies.yaml")["policies"]
    return {
        key: Policy(
            key=key,
            title=row["title"],
            source=row["source"],
            default=row["default"],
            options={k: Option(k, o["label"], o["wording"]) for k, o in row["options"].items()},
        )
        for key, row in rows.items()
    }


def late_compliance() -> Option:
    """期满后达标的处理, as the bureau set it (HECHA_LATE_COMPLIANCE), else the data's default."""
    return policies()["late_compliance"].chosen("HECHA_LATE_COMPLIANCE")


@dataclass(frozen=True)
class WithdrawalReason:
    key: str
    label: str
    needs_evidence: bool
    evidence_hint: str
    requires: str = ""  # a fact of the case the reason rests on (CaseFacts attribute)


@cache
def withdrawal_reasons() -> dict[str, WithdrawalReason]:
    rows = _load("withdrawal_reasons.yaml")["reasons"]
    return {
        key: WithdrawalReason(
            key,
            row["label"],
            bool(row["evidence"]),
            row.get("evidence_hint", ""),
            row.get("requires", ""),
        )  # fmt: skip
        for key, row in rows.items()
    }


@dataclass(frozen=True)
class RestrictionStatus:
    key: str
    label: str
    basis: str
    source: str
    statutory: bool


@cache
def restriction_rules() -> tuple[dict[str, str], dict[str, RestrictionStatus]]:
    """The restriction kinds (CONTRACT.md §5) and the statuses they are imposed under."""
    data = _load("restrictions.yaml")
    statuses = {
        key: RestrictionStatus(
            key, row["label"], row["basis"], row["source"], bool(row["statutory"])
        )
        for key, row in data["statuses"].items()
    }
    return dict(data["kinds"]), statuses
