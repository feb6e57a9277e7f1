"""`hecha user add`, `hecha user token [--revoke | --list]` and `hecha user unlock`
(CONTRACT.md §2)."""

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
    token = users.add_parser(
        "token", help="为用户签发新的 API 令牌并打印；--revoke 吊销，--list 列出"
    )
    token.add_argument("name", help="用户名")
    what = token.add_mutually_exclusive_group()
    what.add_argument("--revoke", action="store_true", help="吊销该用户的全部有效令牌")
    what.add_argument("--list", action="store_true", help="列出该用户的令牌（不显示令牌本身）")
    token.add_argument(
        "--days", type=int, default=None, help="有效天数（默认 HECHA_TOKEN_DAYS，90 天）"
    )
    token.set_defaults(handler=token_command)
    unlock = users.add_parser("unlock", help="解除用户因多次登录失败而被锁定的状态")
    unlock.add_argument("name", help="用户名")
    unlock.set_defaults(handler=unlock_user)


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


def token_command(args: argparse.Namespace) -> int:
    from hecha.accounts import services

    try:
        if args.revoke:
            count = services.revoke_tokens(username=args.name)
            print(f"已吊销用户 {args.name} 的 API 令牌 {count} 个")
        elif args.list:
            _print_tokens(services.tokens_of(args.name))
        else:
            print(services.issue_token(username=args.name, days=args.days))
    except services.AccountRefused as exc:
        print(f"hecha user token：{exc}", file=sys.stderr)
        return 2
    return 0


def _print_tokens(tokens) -> None:
    from django.utils import timezone

    def when(moment) -> str:
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"

    print("指纹\t签发时间\t有效期至\t状态")
    for t in tokens:
        print(f"{t.digest[:8]}\t{when(t.created_at)}\t{when(t.expires_at)}\t{t.state}")


def unlock_user(args: argparse.Namespace) -> int:
    from hecha.accounts.services import AccountRefused, unlock_user

    try:
        cleared = unlock_user(username=args.name)
    except AccountRefused as exc:
        print(f"hecha user unlock：{exc}", file=sys.stderr)
        return 2
    print(f"已解除用户 {args.name} 的登录锁定（清除失败记录 {cleared} 条）")
    return 0
