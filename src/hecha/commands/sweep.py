"""`hecha sweep`: advance what the calendar decides and refresh deadlines (idempotent)."""

import argparse
import json

from hecha.commands.parsing import iso_date


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sweep", help="按日历推进案件（公告期满视为送达等）并刷新期限；可重复执行")
    p.add_argument("--today", type=iso_date, default=None, help="以该日为今天（演练用）")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from hecha.cases.services import sweep

    result = sweep(today=args.today)
    print(json.dumps(result, ensure_ascii=False))
    return 0
