"""Reminders before a legal deadline, by e-mail from the sweep: once per case per deadline, to
the case's 承办人, and only where the deployment configures mail (HECHA_EMAIL_HOST)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F

from hecha.audit.services import log_action
from hecha.cases.models import Case
from hecha.workflow.stages import CLOSED


def _due(on: date):
    from hecha.cases.queue import reminder_days

    until = on + timedelta(days=reminder_days())
    return (
        Case.objects.exclude(stage__in=[s.value for s in CLOSED])
        .filter(deadline__gte=on, deadline__lte=until, assignee__isnull=False)
        .exclude(assignee__email="")
        .select_related("assignee", "district")
    )


def _message(case: Case) -> tuple[str, str]:
    url = f"{settings.HECHA_PUBLIC_URL.rstrip('/')}/cases/{case.pk}/"
    subject = f"【核查】{case.enterprise_name}：{case.next_step}，期限 {case.deadline}"
    body = (
        f"{case.assignee.display_name}：\n\n您承办的案件“{case.enterprise_name}”"
        f"（{case.district.name}，统一社会信用代码 {case.uscc}）\n下一步：{case.next_step}\n"
        f"期限：{case.deadline}（{case.deadline_basis}）\n\n办理：{url}\n"
    )
    return subject, body


def send_reminders(on: date) -> int:
    """Mail each 承办人 whose case's deadline falls within the reminder window and was not yet
    reminded for that deadline; returns the number sent (0 when mail is not configured)."""
    if not settings.EMAIL_HOST:
        return 0
    sent = 0
    for case in _due(on).exclude(reminded_for=F("deadline")):
        subject, body = _message(case)
        send_mail(subject, body, None, [case.assignee.email])
        with transaction.atomic():
            Case.objects.filter(pk=case.pk).update(reminded_for=case.deadline)
            log_action(action="cases.reminder_sent", actor=None, object_type="cases.case",
                       object_id=case.pk, district_code=case.district_id,
                       data={"case": case.pk, "to": case.assignee.display_name,
                             "next_step": case.next_step, "deadline": str(case.deadline)})  # fmt: skip
        sent += 1
    return sent
