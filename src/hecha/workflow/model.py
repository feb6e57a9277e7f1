"""The nouns of the procedure: who acts, what is known about a case, what a step is and what
it produces. Pure data: no database, no clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hecha.law.calendar import WorkCalendar
from hecha.law.periods import LegalDate
from hecha.workflow.stages import Stage

DISTRICT_ROLES = frozenset({"district_officer", "district_lead"})
CITY_ROLES = frozenset({"city_reviewer", "city_lead"})
LEADS = frozenset({"district_lead", "city_lead"})
# the stages the district owns: before its submission reaches the city (行动方案四（二）1–4)
DISTRICT_STAGES = frozenset({Stage.FLAGGED, Stage.NOTICES_ISSUED, Stage.ENTERPRISE_CONTACTED})


class StepRefused(Exception):
    """The step may not be taken; `reasons` say why, in Chinese. Nothing was changed."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("；".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Officer:
    id: int
    name: str
    certificate_no: str
    valid_from: date
    valid_until: date
    district_code: str | None

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_until


@dataclass(frozen=True)
class Actor:
    role: str
    district_code: str | None


@dataclass(frozen=True)
class CaseFacts:
    """What the procedure needs to know about one case."""

    stage: Stage
    district_code: str
    notices_on: date | None = None
    contacted_on: date | None = None
    mailing_address: str = ""
    submission_accepted: bool = False
    mailed_on: date | None = None
    tracking_no: str = ""
    signed_on: date | None = None
    returned_on: date | None = None
    announced_on: date | None = None
    served_on: date | None = None
    rectification_until: date | None = None
    # the latest published comparison since service that compared the enterprise
    last_check: int | None = None
    last_check_on: date | None = None
    last_check_meets: bool = False
    late_compliance: str = "recheck_decides"  # the bureau's policy (data/policies.yaml)
    district_rechecked_on: date | None = None
    overdue_listed_on: date | None = None  # its signed 逾期整改未达标企业清单 went to the city
    city_rechecked_on: date | None = None
    revocation_announced_on: date | None = None
    revocation_served_on: date | None = None
    revocation_tracking_no: str = ""
    statement_until: LegalDate | None = None  # 陈述申辩 period after the revocation notice
    statements_open: int = 0  # statements and hearing requests not yet answered
    statement_accepted: bool = False  # the city found the enterprise's statement well founded

    @property
    def compliant_run(self) -> int | None:
        """The comparison that found the enterprise meeting the standard again, if any."""
        return self.last_check if self.last_check_meets else None

    @property
    def fresh_check(self) -> int | None:
        """The comparison after the rectification period ended, if any."""
        until, on = self.rectification_until, self.last_check_on
        return self.last_check if until and on and on > until else None

    @property
    def complied_in_time(self) -> bool:
        until, on = self.rectification_until, self.last_check_on
        return bool(self.last_check_meets and until and on and on <= until)


@dataclass(frozen=True)
class Context:
    facts: CaseFacts
    actor: Actor
    data: Mapping[str, Any]
    today: date
    calendar: WorkCalendar


@dataclass
class Outcome:
    step: str
    stage: Stage
    sets: dict[str, Any] = field(default_factory=dict)  # case fields to store
    dates: dict[str, LegalDate] = field(default_factory=dict)  # computed dates with basis
    notes: dict[str, Any] = field(default_factory=dict)  # judged values the step's records keep


Check = Callable[[Context], str | None]


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: frozenset[Stage]
    target: Stage
    roles: frozenset[str]
    checks: tuple[Check, ...] = ()
    effect: Callable[[Context, Outcome], None] | None = None
    own_district_only: bool = False  # district roles act on their own district's cases
    # who, among `roles`, may take it at the case's stage (the level owning the stage): the
    # reason a role may not, or None
    owner: Callable[[Stage, str], str | None] | None = None
    # What the app does around the judgement, by name (cases/services/effects.py implements
    # each): facts it looks up before judging, rows it writes besides the case's own fields,
    # documents it issues, all in the step's transaction.
    inputs: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
