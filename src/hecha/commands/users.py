"""`hecha user add` and `hecha user token` (CONTRACT.md §2)."""

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("user", help="用户管理：创建用户、签发 API 令牌")
    users = p.add_subparsers(dest="user_command", metavar="子命令", required=True)
    add = users.add_parser("add", help="创建用户")
    add.add_argument("name", help="用户名")
    add.add_argument("--password", required=True, help="密码")
    add.add_argument(
        "--role",
        required=True,
        help="district_officer、district_lead、city_reviewer、city_lead 或 admin",
    )
    add.add_argument("--district", default=None, help="区划代码（区县角色必填）")
    add.add_argument("--full-name", default="", help="姓名")
    add.set_defaults(handler=add_user)
    token = users.add_parser("token", help="为用户签发新的 API 令牌并打印")
    token.add_argument("name", help="用户名")
    token.set_defaults(handler=new_token)


def add_user(args: argparse.Namespace) -> int:
    from hecha.accounts.services import AccountRefused, create_user

    try:
        user = create_user(
            username=args.name,
            password=args.password,
            role=args.role,
            district_code=args.district,
            full_name=args.full_name,
        )
    except AccountRefused as exc:
        print(f"hecha user add：{exc}", file=sys.stderr)
        return 2
    where = f"，{user.district.name}" if user.district else ""
    print(f"已创建用户 {user.username}（{user.get_role_display()}{where}）")
    return 0


def new_token(args: argparse.Namespace) -> int:
    from hecha.accounts.services import AccountRefused, issue_token

    try:
        print(issue_token(username=args.name))
    except AccountRefused as exc:
        print(f"hecha user token：{exc}", file=sys.stderr)
        return 2
    return 0
