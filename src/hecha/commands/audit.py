"""`hecha audit verify`: check the whole audit trail (CONTRACT.md §2)."""

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="审计记录")
    actions = p.add_subparsers(dest="audit_command", required=True)
    verify = actions.add_parser("verify", help="校验审计记录链是否完整、未被改动")
    verify.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    from hecha.audit.services import verify_in_transaction

    count, broken = verify_in_transaction()
    if broken is not None:
        print(f"审计记录校验失败：{broken.message}", file=sys.stderr)
        return 1
    print(f"审计记录完整：共 {count} 条，摘要链校验通过")
    return 0
