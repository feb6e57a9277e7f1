"""What one case's page shows besides its fields: the steps the user may take, who may close
it, the comparison its re-check rests on, the restriction it is under, the bureau's policy
on late compliance, the statements period, and the record."""

from __future__ import annotations

from hecha import clock
from hecha.audit.models import AuditEntry
from hecha.audit.sentences import sentence
from hecha.cases import services
from hecha.cases.forms import STEP_FORMS, EvidenceForm
from hecha.cases.models import Case
from hecha.cases.services.common import statement_period
from hecha.cases.services.comparisons import last_check
from hecha.checks.models import CheckRun, Finding
from hecha.workflow.procedure import offered, open_to
from hecha.workflow.requirements import closer
from hecha.workflow.restrictions import restriction_status
from hecha.workflow.rules import late_compliance, policies
from hecha.workflow.stages import Stage
from hecha.workflow.vocabulary import RECHECK_RESULTS

# the stages at which the re-check, and so the policy on late compliance, can decide the case
DECIDING = frozenset({Stage.RECTIFYING, Stage.DISTRICT_RECHECK, Stage.CITY_RECHECK})


def history(case: Case) -> list[dict]:
    entries = AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk))
    return [
        {"at": e.at, "text": sentence(e.action, e.actor_name, e.data), "seq": e.seq}
        for e in entries.order_by("seq")
    ]


def steps(case: Case, user, today, bound=None) -> dict:
    """The steps this user may take now, each with its form (`bound`: the form just refused,
    with what the user typed); batch steps as links to their confirmation pages; and the steps
    the user's role takes at this stage that the case does not allow yet, with the reasons."""
    from hecha.calendars.services import work_calendar
    from hecha.cases.queue import BATCH_PAGES, batch_url
    from hecha.cases.services.common import actor_of, facts_of

    facts, calendar, actor = facts_of(case, on=today), work_calendar(), actor_of(user)
    out: dict = {"forms": [], "withdraw": [], "batch": [], "blocked": []}
    for step in offered(case.stage_enum, user.role):
        reasons = open_to(step.name, facts, actor=actor, today=today, calendar=calendar)
        if reasons:
            out["blocked"].append((step, reasons))
        elif step.name in BATCH_PAGES:
            out["batch"].append((step, batch_url(step.name, case)))
        elif step.name in STEP_FORMS:
            form = bound if bound is not None and bound.prefix == step.name else None
            form = form or STEP_FORMS[step.name](case=case, prefix=step.name)
            out["withdraw" if step.name == "withdraw" else "forms"].append((step, form))
    return out


def _comparison(case: Case, today) -> dict | None:
    """The latest comparison since service that compared the enterprise, as the re-check will
    see it: which run, its date, whether it is after the period, what it found."""
    found = last_check(case, today)
    if found is None:
        return None
    until = case.rectification_until
    return {"run": found.run, "as_of": found.as_of, "meets": found.meets,
            "result": RECHECK_RESULTS["meets" if found.meets else "short"],
            "after_period": bool(until and found.as_of > until),
            "in_period": bool(until and found.as_of <= until)}  # fmt: skip


def _policy(case: Case) -> dict | None:
    recorded = case.late_compliance_policy
    if not recorded and case.stage_enum not in DECIDING:
        return None
    policy = policies()["late_compliance"]
    option = policy.options.get(recorded) if recorded else late_compliance()
    return {"title": policy.title, "wording": option.wording if option else recorded,
            "recorded": bool(recorded), "source": policy.source}  # fmt: skip


def _documents(case: Case):
    return case.documents.defer("docx", "xlsx").select_related("issued_by").order_by("pk")


def _phone(case: Case) -> str:
    from hecha.registry.models import Enterprise

    found = Enterprise.objects.filter(uscc=case.uscc, is_current=True).values("phone").first()
    return found["phone"] if found else ""


def page(case: Case, user, bound=None, refused: list[str] | None = None) -> dict:
    today = clock.today()
    stage = case.stage_enum
    comparison = _comparison(case, today) if case.served_on else None
    return {
        "case": case,
        **steps(case, user, today, bound),
        "refused": refused or [],
        "phone": _phone(case),
        "findings": Finding.objects.filter(run=case.campaign.run_id, uscc=case.uscc).order_by(
            "rule_id"
        ),
        "history": history(case),
        "evidence": case.evidence.select_related("uploaded_by").order_by("pk"),
        "evidence_form": EvidenceForm(initial={"shown_date": today}),
        "calls": case.calls.order_by("pk"),
        "rechecks": case.rechecks.select_related("run", "by").order_by("pk"),
        "statements": case.statements.order_by("received_on", "pk"),
        "statement_period": statement_period(case) if stage == Stage.REVOCATION_NOTICED else None,
        "comparison": comparison,
        "compliant_run": comparison["run"] if comparison and comparison["meets"] else None,
        "who_closes": None if stage.closed else closer(stage)[1],
        "restriction": restriction_status(stage, case.served_on, case.rectification_until, today),
        "policy": _policy(case),
        "provisional": provisional(case),
        "documents": _documents(case),
        "recheck_run": CheckRun.objects.filter(pk=case.recheck_run_id).first(),
        "today": today,
        **_assignment(case, user),
    }


def _assignment(case: Case, user) -> dict:
    from hecha.cases.services.assignment import assignable, may_assign

    if not may_assign(user, case):
        return {"assignable": None}
    return {"assignable": assignable(case)}


def provisional(case: Case) -> list[str]:
    """Warnings for the dates this case waits for that lie in a year with no loaded schedule."""
    found = services.legal_date(case)
    if found is None or not found[1].provisional:
        return []
    return [f"{services.DATE_LABELS[found[0]]}：{found[1].warning()}"]
