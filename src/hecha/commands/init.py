"""`hecha init`: create or migrate the database and load the built-in reference data."""

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="创建或迁移数据库并载入内置参考数据（幂等）")
    p.add_argument(
        "--app-role",
        default=None,
        help="PostgreSQL：授予应用运行所用的（非超级用户、非表属主）角色读写权限，审计记录只可追加",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    from hecha.reference import load_reference_data

    call_command("migrate", interactive=False, verbosity=0)
    for line in load_reference_data():
        print(line)
    from hecha.audit import checkpoints
    from hecha.audit.services import anchor_unkeyed_chain

    if anchor := anchor_unkeyed_chain():
        print(
            f"审计记录：此前 {anchor.data['legacy']} 条未签名记录已由第 {anchor.seq} 条签名记录锚定"
        )
    if point := checkpoints.first():
        print(f"审计记录检查点：{point.path}")
    if args.app_role:
        return _grant(args.app_role)
    return 0


def _grant(role: str) -> int:
    import sys

    from django.db import DatabaseError, connection, transaction

    from hecha.audit.guards import app_role_grants

    if connection.vendor != "postgresql":
        print("hecha init：--app-role 仅用于 PostgreSQL", file=sys.stderr)
        return 2
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in app_role_grants(role):
                cursor.execute(statement)
    except (DatabaseError, ValueError) as exc:
        print(f"hecha init：无法授予角色 {role} 权限：{exc}", file=sys.stderr)
        return 2
    print(f"已授予角色 {role} 读写权限（审计记录只可查询和追加）")
    return 0
