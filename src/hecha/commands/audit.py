"""`hecha audit verify` and `hecha audit checkpoint` (CONTRACT.md §2)."""

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="审计记录")
    actions = p.add_subparsers(dest="audit_command", required=True)
    verify = actions.add_parser("verify", help="校验审计记录链是否完整、未被改动，并与检查点比对")
    verify.set_defaults(handler=run_verify)
    checkpoint = actions.add_parser("checkpoint", help="在数据库之外写入带签名的审计记录链头检查点")
    checkpoint.set_defaults(handler=run_checkpoint)


def run_verify(args: argparse.Namespace) -> int:
    from hecha.audit import checkpoints
    from hecha.audit.keys import AuditKeyError
    from hecha.audit.services import verify_in_transaction

    try:
        count, broken = verify_in_transaction()
    except AuditKeyError as exc:
        print(f"审计记录校验失败：{exc}", file=sys.stderr)
        return 1
    if broken is not None:
        print(f"审计记录校验失败：{broken.message}", file=sys.stderr)
        return 1
    points = len(checkpoints.all_checkpoints())
    print(f"审计记录完整：共 {count} 条，摘要链校验通过；与 {points} 个检查点一致")
    if points == 0:
        print(
            "提示：尚无检查点，请执行 hecha audit checkpoint（删除末尾记录只有检查点能发现）",
            file=sys.stderr,
        )
    return 0


def run_checkpoint(args: argparse.Namespace) -> int:
    from hecha.audit import checkpoints
    from hecha.audit.keys import AuditKeyError

    try:
        point = checkpoints.write()
    except (AuditKeyError, OSError) as exc:
        print(f"hecha audit checkpoint：无法写入检查点：{exc}", file=sys.stderr)
        return 2
    print(f"已写入检查点：第 {point.seq} 条（{point.at}）→ {point.path}")
    return 0
