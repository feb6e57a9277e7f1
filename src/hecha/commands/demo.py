"""`hecha demo`: turn an empty database into a realistic Shenyang demonstration."""

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="在空数据库中载入沈阳市演示数据和演示用户")
    p.add_argument("--if-empty", action="store_true", help="数据库已有数据时跳过，不报错")
    p.add_argument("--enterprises", type=int, default=None, help="演示企业数（默认 600）")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from django.core.management import call_command
    from django.utils import timezone

    from hecha.accounts.models import District
    from hecha.demo.loading import (
        DEMO_ENTERPRISES,
        DEMO_PASSWORD,
        DEMO_USERS,
        database_is_empty,
        load_demo,
    )
    from hecha.reference import load_reference_data

    call_command("migrate", interactive=False, verbosity=0)
    for line in load_reference_data():
        print(line)
    if not database_is_empty():
        if args.if_empty:
            print("数据库已有数据，未载入演示数据。")
            return 0
        print("hecha demo：数据库不是空的；演示数据只能载入空数据库。", file=sys.stderr)
        return 2
    from hecha.documents.services import mark_demo_deployment

    mark_demo_deployment()  # its documents may carry demo contacts and a local QR address
    for line in load_demo(
        as_of=timezone.localdate(), enterprises=args.enterprises or DEMO_ENTERPRISES
    ):
        print(line)
    names = dict(District.objects.values_list("code", "name"))
    print(f"\n演示用户（密码均为 {DEMO_PASSWORD}）：")
    for u in DEMO_USERS:
        where = names.get(u.district, "") if u.district else "市局"
        print(f"  {u.username:<14} {u.full_name:<6} {where:<4} {u.role}")
    print("\n运行 hecha serve 后打开 http://127.0.0.1:8000/ 登录。")
    return 0
