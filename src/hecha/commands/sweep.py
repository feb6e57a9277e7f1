"""`hecha sweep`: advance what the calendar decides and refresh deadlines (idempotent); once a
day it also writes the audit chain's checkpoint (hecha.audit.checkpoints)."""

import argparse
import json

from hecha.commands.parsing import iso_date


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sweep", help="按日历推进案件（公告期满视为送达等）并刷新期限；可重复执行")
    p.add_argument("--today", type=iso_date, default=None, help="以该日为今天（演练用）")
    p.set_defaults(handler=run)


def scheduled(today=None) -> dict:
    """The sweep, then the day's audit checkpoint (the first sweep of a day anchors the chain
    as the day before left it)."""
    from hecha.audit import checkpoints
    from hecha.cases.services import sweep

    result = sweep(today=today)
    point = checkpoints.daily()
    result["audit_checkpoint"] = point.seq if point else None
    return result


def run(args: argparse.Namespace) -> int:
    print(json.dumps(scheduled(today=args.today), ensure_ascii=False))
    return 0
