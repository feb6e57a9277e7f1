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
    "audit",
]

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_PROVISIONAL = 0, 1, 2, 3


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"hecha: 参数错误：{message}\n")


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
    if getattr(args, "needs_django", True):
        setup_django()
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
