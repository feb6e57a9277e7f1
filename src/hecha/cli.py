"""The `hecha` command (CONTRACT.md §2).

Each subcommand lives in `hecha.commands.<name>` and exposes `register(subparsers)`; the
handler it sets returns the exit code. Django is set up before any handler runs.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMAND_MODULES = [
    "init",
    "dates",
    "importing",
    "check",
    "stats",
    "sweep",
    "users",
    "demo",
    "serve",
    "worker",
    "backup",
    "audit",
]

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_PROVISIONAL = 0, 1, 2, 3  # 4: EXIT_FAULT


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"hecha: 参数错误：{_chinese(message)}\n")


# argparse's own messages, said in Chinese (its English ones would reach the user otherwise)
ARGPARSE_MESSAGES = [
    ("the following arguments are required: ", "缺少参数："),
    ("unrecognized arguments: ", "无法识别的参数："),
    ("invalid choice: ", "无效的选项："),
    ("(choose from ", "（可选："),
    ("expected one argument", "缺少参数值"),
    ("not allowed with argument ", "不能与此参数同时使用："),
    ("one of the arguments ", "以下参数须指定其一："),
    (" is required", ""),
    ("argument ", "参数 "),
    ("invalid int value: ", "应为整数："),
]


def _chinese(message: str) -> str:
    for english, chinese in ARGPARSE_MESSAGES:
        message = message.replace(english, chinese)
    return message


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="hecha", description="核查：建筑业企业资质动态核查系统")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ChineseArgumentParser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"hecha.commands.{name}").register(sub)
    return parser


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hecha.settings")
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "needs_django", True):
            setup_django()
            if problem := _home_problem():
                print(
                    f"hecha：{problem}（{os.environ.get('HECHA_HOME', './var')}）", file=sys.stderr
                )
                return EXIT_FAULT
        return int(args.handler(args) or 0)
    except Exception as exc:  # only the machine's faults are answered here
        return _said(exc)


# -- ops: the machine's faults (full disk, unusable HECHA_HOME, unreachable database) are one
# Chinese line on standard error and exit 4, never a traceback (hecha.faults)
EXIT_FAULT = 4


def _home_problem() -> str | None:
    from django.conf import settings

    return settings.HECHA_HOME_PROBLEM


def _said(exc: Exception) -> int:
    from django.conf import settings
    from django.db import DatabaseError

    from hecha import faults

    try:
        home = settings.HECHA_HOME
    except Exception:  # settings themselves failed: no home to judge paths by
        home = None
    fault = faults.describe(exc, home)
    if fault is None and isinstance(exc, DatabaseError):
        fault = faults.Fault(faults.DB_NOT_READY, str(exc).strip())
    if fault is None:
        raise exc
    detail = f"（{fault.detail}）" if fault.detail else ""
    print(f"hecha：{fault.message}{detail}", file=sys.stderr)
    return EXIT_BAD_INPUT if fault.message == faults.DB_NOT_READY else EXIT_FAULT


# -- end ops


if __name__ == "__main__":
    sys.exit(main())
