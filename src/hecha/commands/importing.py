"""`hecha import DIR`: import the data files found in DIR (CONTRACT.md §2 and §3)."""

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="导入目录中的数据文件（企业、资质、注册人员、社保）")
    p.add_argument("directory", type=Path, help="数据文件所在目录")
    p.set_defaults(handler=run)


def _progress(stage: str, done: int, total: int) -> None:
    print(f"\r{stage}：{done}/{total}", end="", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    from hecha.registry.services.importing import ImportRefused, import_directory
    from hecha.registry.services.tables import TABLES, table_for_file

    if not args.directory.is_dir():
        print(f"hecha import：目录不存在：{args.directory}", file=sys.stderr)
        return 2
    progress = _progress if sys.stderr.isatty() else None
    try:
        batch = import_directory(
            directory=args.directory, user=None, source="cli", progress=progress
        )
    except ImportRefused as refused:
        if progress:
            print(file=sys.stderr)
        print("\n".join(refused.lines()), file=sys.stderr)
        return 2
    if progress:
        print(file=sys.stderr)
    print(f"导入批次 #{batch.pk} 已完成：")
    for record in batch.files:
        table = TABLES[record.get("table") or table_for_file(record["name"]) or ""]
        line = f"  {record['name']}：{table.label} {record['rows']} 行"
        if "added" in record:
            line += (
                f"（新增 {record['added']}，变更 {record['changed']}，未变 {record['unchanged']}"
            )
            line += f"；{record['merged']} 行按专业合并）" if record.get("merged") else "）"
        print(line)
    return 0
