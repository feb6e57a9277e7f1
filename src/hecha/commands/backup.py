"""`hecha backup [PATH]` and `hecha restore PATH`.

A backup is a folder (0700): the database — on SQLite an online copy through SQLite's backup
API, consistent while the server runs; on PostgreSQL `pg_dump --format=custom` when pg_dump
is installed, else the command to run — the stored files (evidence; uploads in flight are
left out), and what the database cannot be read or verified without: the secret key, the
audit key and the audit checkpoints. `hecha restore PATH` puts a SQLite backup into an empty
$HECHA_HOME (or, with --force, over the present one; stop the server and workers first);
for PostgreSQL it prints the pg_restore command.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from hecha import private

DB_NAME, DUMP_NAME, MANIFEST = "hecha.sqlite3", "hecha.dump", "manifest.json"
KEYS = ("secret_key", "audit_key")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="备份数据库与文件（SQLite 在线备份；PostgreSQL 用 pg_dump）")
    p.add_argument(
        "path", nargs="?", default=None, help="备份目录（默认 $HECHA_HOME/backups/时间）"
    )
    p.set_defaults(handler=run_backup)
    r = sub.add_parser("restore", help="从 hecha backup 的备份目录恢复（先停止服务与后台任务进程）")
    r.add_argument("path", help="备份目录")
    r.add_argument("--force", action="store_true", help="覆盖现有数据库与文件")
    r.set_defaults(handler=run_restore)


def _database():
    from django.conf import settings

    return settings.DATABASES["default"]


def _is_sqlite() -> bool:
    return _database()["ENGINE"] == "django.db.backends.sqlite3"


def run_backup(args: argparse.Namespace) -> int:
    from django.conf import settings

    stamp = datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    target = Path(args.path or settings.HECHA_HOME / "backups" / f"hecha-{stamp}").resolve()
    if target.exists() and any(target.iterdir()):
        print(f"备份未执行：目录 {target} 已存在且不为空", file=sys.stderr)
        return 2
    private.make_dir(target)
    database = _backup_sqlite(target) if _is_sqlite() else _backup_postgresql(target)
    if database is None:
        return 1
    files = _copy_tree(Path(settings.MEDIA_ROOT), target / "files", skip=("uploads",))
    _copy_keys(Path(settings.HECHA_HOME), target)
    _copy_tree(_checkpoints(), target / "audit-checkpoints")
    manifest = {"created": stamp, "database": database, "files": files}
    private.write_text(target / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    print(f"备份完成：{target}（数据库：{database}；文件 {files} 个）")
    return 0


def _backup_sqlite(target: Path) -> str:
    """SQLite's online backup: a consistent copy while pages and jobs keep writing."""
    source = sqlite3.connect(_database()["NAME"])
    copy = sqlite3.connect(target / DB_NAME)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()
    (target / DB_NAME).chmod(private.FILE_MODE)
    return "sqlite"


def _backup_postgresql(target: Path) -> str | None:
    url = _pg_url()
    command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target / DUMP_NAME}", url]
    if shutil.which("pg_dump") is None:
        print("未找到 pg_dump：请在数据库服务器上执行（并另行复制此目录中的文件与密钥）：\n  "
              + " ".join(command[:-1]) + " \"$HECHA_DATABASE_URL\"", file=sys.stderr)  # fmt: skip
        return "postgresql（须手动 pg_dump）"
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"备份失败：pg_dump 出错：{done.stderr.strip()}", file=sys.stderr)
        return None
    return "postgresql（pg_dump）"


def _pg_url() -> str:
    import os

    return os.environ.get("HECHA_DATABASE_URL", "")


def _checkpoints() -> Path:
    from hecha.audit.checkpoints import folder

    return folder()


def _copy_tree(source: Path, target: Path, skip: tuple[str, ...] = ()) -> int:
    if not source.is_dir():
        return 0
    shutil.copytree(source, target, ignore=lambda d, names: [n for n in names if Path(d) == source and n in skip],
                    dirs_exist_ok=True)  # fmt: skip
    return sum(1 for p in target.rglob("*") if p.is_file())


def _copy_keys(source: Path, target: Path) -> None:
    for name in KEYS:
        if (source / name).is_file():
            shutil.copy2(source / name, target / name)


# -- restore --------------------------------------------------------------------------------


def run_restore(args: argparse.Namespace) -> int:
    from django.conf import settings

    source = Path(args.path).resolve()
    if not (source / MANIFEST).is_file():
        print(
            f"恢复未执行：{source} 不是 hecha backup 的备份目录（缺少 {MANIFEST}）", file=sys.stderr
        )
        return 2
    if not _is_sqlite():
        print("PostgreSQL：请先停止服务与后台任务进程，再以数据库所有者执行：\n"
              f"  pg_restore --clean --if-exists --no-owner --dbname \"$HECHA_DATABASE_URL\" {source / DUMP_NAME}\n"
              "  hecha init --app-role 应用角色\n（文件、密钥与检查点由本命令恢复。）", file=sys.stderr)  # fmt: skip
        return _restore_files(source, settings, args.force)
    if not (source / DB_NAME).is_file():
        print(f"恢复未执行：备份中没有 SQLite 数据库 {DB_NAME}", file=sys.stderr)
        return 2
    database = Path(_database()["NAME"])
    if database.exists() and not args.force:
        print(
            f"恢复未执行：{database} 已存在；确认覆盖请加 --force（先停止服务与后台任务进程）",
            file=sys.stderr,
        )
        return 2
    from django.db import connections

    connections.close_all()
    _restore_sqlite(source / DB_NAME, database)
    return _restore_files(source, settings, True)


def _restore_sqlite(backup: Path, database: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    source = sqlite3.connect(backup)
    target = sqlite3.connect(database)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()


def _restore_files(source: Path, settings, force: bool) -> int:
    home = Path(settings.HECHA_HOME)
    for name in KEYS:
        if (source / name).is_file() and (force or not (home / name).exists()):
            shutil.copy2(source / name, home / name)
    files = _copy_tree(source / "files", Path(settings.MEDIA_ROOT))
    _copy_tree(source / "audit-checkpoints", _checkpoints())
    print(f"恢复完成：{source} → {home}（文件 {files} 个）；请执行 hecha audit verify 核对审计记录")
    return 0
