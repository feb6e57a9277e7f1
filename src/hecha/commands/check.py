"""`hecha check`: the 系统自动比对核查 (CONTRACT.md §2 and §4)."""

import argparse
import sys
from datetime import date
from pathlib import Path

from hecha.commands.parsing import iso_date


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="系统自动比对：对照资质标准比对全部企业，保存比对结果")
    p.add_argument("--as-of", type=iso_date, default=None, help="比对基准日（默认今天）")
    p.add_argument("--district", default=None, help="只比对该区划代码的企业")
    p.add_argument(
        "--standard",
        default=None,
        metavar="VERSION",
        help="使用指定的标准版本（默认：基准日依法生效的版本；草案即为试算）",
    )
    p.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
    p.add_argument("--out", type=Path, default=None, help="输出文件（默认标准输出）")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from hecha import faults
    from hecha.checks.exports import EXPORTERS
    from hecha.checks.models import Finding
    from hecha.checks.services.runs import CheckRefused, start_check_run

    as_of: date = args.as_of or timezone.localdate()
    try:
        run = start_check_run(
            user=None, as_of=as_of, district_code=args.district, standard_version=args.standard
        )
    except CheckRefused as exc:
        print(f"hecha check：{exc}", file=sys.stderr)
        return 2
    data = EXPORTERS[args.format](Finding.objects.filter(run=run))
    if args.out:
        try:
            args.out.write_bytes(data)
        except OSError as exc:
            if exc.errno in faults.FULL:  # a full disk: no partial file stays
                args.out.unlink(missing_ok=True)
            print(
                f"hecha check：无法写入 {args.out}：{exc.strerror}（比对 #{run.pk} 已保存）",
                file=sys.stderr,
            )
            return 2
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    print(
        f"比对 #{run.pk}：基准日 {run.as_of}，标准 {run.standard.version}，"
        f"比对企业 {run.enterprises_compared} 家，异常企业 {run.enterprises_flagged} 家，"
        f"不符合项 {run.findings_count} 项",
        file=sys.stderr,
    )
    print(f"{run.coverage_sentence()}。", file=sys.stderr)
    _print_coverage(run)
    return 0


def _print_coverage(run) -> None:
    """Per qualification: met, unmet, not assessed (no requirement), name not recognised."""
    from hecha.checks.selectors import coverage_by_qualification

    rows = coverage_by_qualification(run)
    if not rows:
        return
    print("资质\t符合\t不符合\t无人员指标\t名称无法识别", file=sys.stderr)
    for row in rows:
        counts = "\t".join(str(row[k]) for k in ("met", "unmet", "no_requirement", "unknown_name"))
        print(f"{row['qualification']}\t{counts}", file=sys.stderr)
