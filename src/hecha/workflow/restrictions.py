"""Under which status an enterprise in the procedure is restricted (no upgrade, no added item,
no new projects), from its case's stage and dates: during the rectification period (the plan's
own rule), and after it, labelled apart, while the re-checks and the revocation run (the
bureau's policy). None before service, none once the case is closed."""

from __future__ import annotations

from datetime import date

from hecha.workflow.rules import RestrictionStatus, restriction_rules
from hecha.workflow.stages import Stage

RESTRICTED_STAGES = frozenset(
    {Stage.RECTIFYING, Stage.DISTRICT_RECHECK, Stage.CITY_RECHECK, Stage.REVOCATION_NOTICED}
)


def restriction_status(
    stage: Stage, served_on: date | None, until: date | None, today: date
) -> RestrictionStatus | None:
    if stage not in RESTRICTED_STAGES or served_on is None or served_on > today:
        return None
    statuses = restriction_rules()[1]
    if until is None or today <= until:
        return statuses["rectification_period"]
    if stage == Stage.RECTIFYING:
        return statuses["awaiting_recheck"]
    return statuses["revocation_pending"]
