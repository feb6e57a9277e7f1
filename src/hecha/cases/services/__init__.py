"""The case services, one module per area: `steps` (one step of one case, its records and
documents from the registry in `effects`), `campaigns`, the batches (`submissions`, `mailing`,
`announcements`), `evidence`, `rechecks` and `sweep`. Every public name is re-exported here, so
`from hecha.cases.services import take_step` keeps working."""

from hecha.cases.services.announcements import publish_announcement
from hecha.cases.services.assignment import assign_case, may_assign
from hecha.cases.services.campaigns import open_campaign
from hecha.cases.services.common import (
    CaseNotFound,
    CaseRefused,
    compliant_run,
    facts_of,
    refresh_deadline,
)
from hecha.cases.services.evidence import EVIDENCE_MAX, EVIDENCE_TYPES, add_evidence
from hecha.cases.services.mailing import (
    mailing_rows_from_sheet,
    read_mail_rows,
    record_deliveries,
    record_delivery,
    record_mailing,
)
from hecha.cases.services.rechecks import issue_overdue_list
from hecha.cases.services.steps import BATCH_STEPS, take_step
from hecha.cases.services.submissions import accept_submission, submit_to_city
from hecha.cases.services.sweep import (
    DATE_LABELS,
    LEGAL_DATES,
    legal_date,
    recompute_legal_dates,
    sweep,
)
from hecha.workflow.procedure import StepRefused

__all__ = [
    "BATCH_STEPS",
    "DATE_LABELS",
    "EVIDENCE_MAX",
    "EVIDENCE_TYPES",
    "LEGAL_DATES",
    "CaseNotFound",
    "CaseRefused",
    "StepRefused",
    "accept_submission",
    "assign_case",
    "may_assign",
    "add_evidence",
    "compliant_run",
    "facts_of",
    "issue_overdue_list",
    "legal_date",
    "mailing_rows_from_sheet",
    "open_campaign",
    "publish_announcement",
    "read_mail_rows",
    "recompute_legal_dates",
    "record_deliveries",
    "record_delivery",
    "record_mailing",
    "refresh_deadline",
    "submit_to_city",
    "sweep",
    "take_step",
]
