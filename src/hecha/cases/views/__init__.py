"""Pages of the case procedure, by area. Views parse a form, call one service, and render; a
case outside the user's districts is a 404, as if it did not exist."""

from hecha.cases.views.batches import (
    announcements,
    batch_notices,
    batch_notices_zip,
    mailing,
    mailing_sheet,
    submissions,
    submit,
)
from hecha.cases.views.campaigns import campaigns
from hecha.cases.views.cases import (
    case_assignee,
    case_detail,
    case_evidence,
    case_list,
    case_step,
    evidence_file,
    overdue_list,
)
from hecha.cases.views.public import public_announcements, public_restrictions

__all__ = [
    "announcements", "batch_notices", "batch_notices_zip", "case_assignee", "campaigns", "case_detail", "case_evidence", "case_list",
    "case_step", "evidence_file", "mailing", "mailing_sheet", "overdue_list",
    "public_announcements", "public_restrictions", "submissions", "submit",
]  # fmt: skip
