"""`hecha dates`: working days and legal periods on the official calendar (CONTRACT.md §2)."""

import argparse
import sys

from hecha.commands.parsing import iso_date


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为整数：{text}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"不能为负数：{text}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("dates", help="按国务院节假日安排计算工作日和法定期间")
    dates = p.add_subparsers(dest="dates_command", metavar="子命令", required=True)
    w = dates.add_parser("workdays-after", help="某日之后第 N 个工作日（当日不计入）")
    w.add_argument("date", type=iso_date, help="起算日，如 2026-11-24")
    w.add_argument("n", type=_positive, help="工作日数")
    w.set_defaults(handler=workdays_after)
    e = dates.add_parser("period-end", help="民法典第二百零一至二百零三条：期间的最后一日")
    e.add_argument("date", type=iso_date, help="起算日（当日不计入）")
    length = e.add_mutually_exclusive_group(required=True)
    length.add_argument("--days", type=_positive, help="以日计算的期间")
    length.add_argument("--months", type=_positive, help="以月计算的期间")
    e.set_defaults(handler=period_end)


def _print(result) -> int:
    print(result.value.isoformat())
    warning = result.warning()
    if warning:
        print(f"警告：{warning}", file=sys.stderr)
        return 3
    return 0


def workdays_after(args: argparse.Namespace) -> int:
    from hecha.calendars.services import work_calendar
    from hecha.law.periods import workdays_after

    return _print(workdays_after(args.date, args.n, calendar=work_calendar()))


def period_end(args: argparse.Namespace) -> int:
    from hecha.calendars.services import work_calendar
    from hecha.law.periods import period_end

    if (args.days if args.days is not None else args.months) == 0:
        print("hecha dates：期间长度应至少为 1", file=sys.stderr)
        return 2
    result = period_end(args.date, days=args.days, months=args.months, calendar=work_calendar())
    return _print(result)
