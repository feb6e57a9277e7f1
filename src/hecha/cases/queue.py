"""The officer's work queue (我的案件): the open cases a user carries, by when their next step
is due — overdue, today, the rest of this week (Monday to Sunday), later — and those waiting on
someone else. Leads see their team's queue and may narrow it to one 承办人."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse

from hecha.cases.models import Case
from hecha.cases.selectors import cases_visible_to
from hecha.paths import path_for
from hecha.workflow.procedure import LEADS, offered, open_to
from hecha.workflow.stages import CLOSED, Stage

QUEUE_ROLES = frozenset({"district_officer", "district_lead", "city_reviewer", "city_lead"})
# the batch steps are taken on their own pages, with a confirmation naming the cases
BATCH_PAGES = {"submit_to_city": "cases:submit", "mail": "cases:mailing",
               "announce": "cases:announcements"}  # fmt: skip
SHOWN = 20  # rows of each list on the home page; the case list has them all


def week_of(today: date) -> tuple[date, date]:
    """Monday and Sunday of the week `today` is in."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def reminder_days() -> int:
    return int(getattr(settings, "HECHA_REMINDER_DAYS", 3))


def level_of(user) -> str:
    return "区县" if user.is_district_user else "市局"


def scope(user, assignee: str = "") -> QuerySet[Case]:
    """The open cases of the user's queue: an officer's own and the unclaimed; a lead's team, or
    one member's
    (`assignee`: a user id, or "none" for cases without a 承办人); the city reviewer's, every
    case the city owes or that was handed to them."""
    cases = cases_visible_to(user).exclude(stage__in=[s.value for s in CLOSED])
    cases = (
        cases.select_related(None)
        .select_related("district", "assignee", "submission", "overdue_list")
        .defer("submission__rows", "overdue_list__rows")
    )
    if user.role in LEADS:
        if assignee == "none":
            return cases.filter(assignee__isnull=True)
        return cases.filter(assignee_id=int(assignee)) if assignee.isdigit() else cases
    if user.role == "city_reviewer":
        return cases.filter(Q(owed_by="市局") | Q(assignee=user))
    # an officer's own, and the district's cases nobody carries yet (notices still to issue)
    return cases.filter(Q(assignee=user) | Q(assignee__isnull=True, owed_by="区县"))


def batch_url(step: str, case: Case) -> str:
    url = reverse(BATCH_PAGES[step])
    return f"{url}?case={case.pk}" if step == "submit_to_city" else url


def next_action(case: Case, user, today: date, calendar=None) -> tuple[str, str] | None:
    """The link that takes the user to the case's next step open to them now: its inline form
    on the case page, or the confirmation page of a batch step. The comparison is not looked
    up here (a step that needs a compliant enterprise is offered on the case page itself)."""
    from hecha.calendars.services import work_calendar
    from hecha.cases.services.common import actor_of, facts_of

    facts, actor = facts_of(case, compliance=False, on=today), actor_of(user)
    for step in offered(Stage(case.stage), user.role):
        if open_to(
            step.name, facts, actor=actor, today=today, calendar=calendar or work_calendar()
        ):
            continue
        if step.name in BATCH_PAGES:
            return step.label, batch_url(step.name, case)
        return step.label, path_for("cases:case", case.pk) + f"#step-{step.name}"
    return None


@dataclass
class Queue:
    overdue: list = field(default_factory=list)
    today: list = field(default_factory=list)
    this_week: list = field(default_factory=list)
    later: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    reminders: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    week: tuple[date, date] | None = None
    reminder_days: int = 3


PARTS = ("overdue", "today", "this_week", "later", "waiting")


def _part(owed: bool, deadline: date | None, today: date, sunday: date) -> str:
    """Which list of the queue a case is in: what the user's level owes by when, and what
    waits on someone else (the enterprise, the calendar, the other level)."""
    if not owed:
        return "waiting"
    if deadline is None or deadline > sunday:
        return "later"
    if deadline < today:
        return "overdue"
    return "today" if deadline == today else "this_week"


def queue(user, today: date, assignee: str = "") -> Queue:
    """The user's queue on `today`: each list ordered by deadline (its first SHOWN rows) with
    its count, in two queries whatever the number of cases: the open cases' deadlines and who
    owes them (three columns a case), then the cases shown."""
    monday, sunday = week_of(today)
    out = Queue(week=(monday, sunday), reminder_days=reminder_days())
    from hecha.calendars.services import work_calendar

    mine, cases = level_of(user), scope(user, assignee)
    soon = today + timedelta(days=reminder_days())
    shown: dict[str, list[int]] = {name: [] for name in [*PARTS, "reminders"]}
    counts = dict.fromkeys(PARTS, 0)
    for pk, owed_by, deadline in cases.order_by("deadline", "pk").values_list(
        "pk", "owed_by", "deadline"
    ):
        part = _part(owed_by == mine, deadline, today, sunday)
        counts[part] += 1
        if len(shown[part]) < SHOWN:
            shown[part].append(pk)
        due_soon = owed_by == mine and deadline is not None and today <= deadline <= soon
        if due_soon and len(shown["reminders"]) < SHOWN:
            shown["reminders"].append(pk)
    rows = cases.in_bulk({pk for pks in shown.values() for pk in pks})
    calendar = work_calendar()
    for part in PARTS:
        listed = [rows[pk] for pk in shown[part]]
        for case in listed:
            case.action = None if part == "waiting" else next_action(case, user, today, calendar)
        setattr(out, part, listed)
    out.reminders = [rows[pk] for pk in shown["reminders"]]
    out.counts = counts
    return out


def team(user):
    """The members a lead may narrow the queue to."""
    from hecha.accounts.models import User

    members = User.objects.filter(is_active=True, role__in=sorted(QUEUE_ROLES))
    if user.is_district_user:
        members = members.filter(district_id=user.district_id)
    return members.order_by("role", "username")
