"""`hecha init`: create or migrate the database and load the built-in reference data."""

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="创建或迁移数据库并载入内置参考数据（幂等）")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    from hecha.reference import load_reference_data

    call_command("migrate", interactive=False, verbosity=0)
    for line in load_reference_data():
        print(line)
    return 0
