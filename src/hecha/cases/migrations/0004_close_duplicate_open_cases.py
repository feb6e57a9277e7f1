"""Data before the one-open-case constraint: earlier calls, duplicate open cases."""

from django.db import migrations

CLOSED = ["rectified", "revoked", "withdrawn"]


def calls_before_outcomes_were_informed(apps, schema_editor):
    """Before outcomes were recorded, the phone step required the person who answered: every
    earlier call informed the enterprise and confirmed its address."""
    Case = apps.get_model("cases", "Case")
    Case.objects.exclude(contacted_on=None).update(contact_outcome="informed", address_checked=True)


def close_duplicate_open_cases(apps, schema_editor):
    """A second campaign could open a second case for an enterprise still in the procedure.
    Where the later one never left 异常待处理 it is closed as 重复立案, on the record; any
    other pair needs a person's decision, so the upgrade stops and names them."""
    from hecha.audit.services import log_action

    Case = apps.get_model("cases", "Case")
    open_cases = Case.objects.exclude(stage__in=CLOSED).order_by("uscc", "pk")
    first, stuck = {}, []
    for case in open_cases.iterator():
        kept = first.setdefault(case.uscc, case)
        if kept.pk == case.pk:
            continue
        if case.stage != "flagged":
            stuck.append(f"#{kept.pk} 与 #{case.pk}（{case.uscc}）")
            continue
        note = f"重复立案：该企业已在案件 #{kept.pk} 中核查（升级时关闭）"
        Case.objects.filter(pk=case.pk).update(
            stage="withdrawn",
            close_reason=note,
            close_reason_code="duplicate",
            version=case.version + 1,
            next_step="",
            owed_by="",
            deadline=None,
        )
        log_action(
            action="cases.duplicate_closed",
            object_type="cases.case",
            object_id=case.pk,
            district_code=case.district_id,
            data={"case": case.pk, "uscc": case.uscc, "kept": kept.pk},
        )
    if stuck:
        raise RuntimeError(
            "以下企业同时有两个进行中的核查案件，且均已开始办理，请先由有权的负责人撤销其中一个再升级："
            + "；".join(stuck)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_procedure_without_holes"),
        ("audit", "0002_append_only_triggers"),
    ]

    operations = [
        migrations.RunPython(calls_before_outcomes_were_informed, migrations.RunPython.noop),
        migrations.RunPython(close_duplicate_open_cases, migrations.RunPython.noop),
    ]
