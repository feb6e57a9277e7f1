"""Importing the data files of CONTRACT.md §3: all or nothing, whole tables at a time.

Every file is read and checked column by column before anything is written; any problem
refuses the whole import with every problem listed as `FILE:ROW: COLUMN: message`. A valid
import writes its added and changed rows (a row that repeats the current values is not written
again: changes.py) staged, in short transactions (writing.py), then makes them current in
one short transaction with its audit entry: all or nothing as seen from outside, without
holding SQLite's write lock while millions of rows are written. A failure before that leaves
the previous rows current and the staged rows removed. On PostgreSQL, which locks rows rather
than the database, the import is one transaction that writes its rows current at once.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import compress
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

from hecha.busy import patient
from hecha.registry.models import Enterprise, ImportBatch
from hecha.registry.services import writing
from hecha.registry.services.changes import Changes, changes_of
from hecha.registry.services.sheets import UnreadableFile, read_sheet
from hecha.registry.services.tables import (
    ORDER,
    TABLES,
    Checked,
    Context,
    check_sheet,
    file_names_hint,
    table_for_file,
)

if TYPE_CHECKING:
    from hecha.accounts.models import User

Progress = Callable[[str, int, int], None]
MAX_PROBLEMS = 1000
SUFFIXES = (".csv", ".xlsx")


class ImportRefused(Exception):
    """Nothing was imported; `problems` says why, each `FILE:ROW: COLUMN: message`."""

    def __init__(
        self,
        problems: list[str],
        *,
        total: int | None = None,
        checked: dict[str, Checked] | None = None,
    ) -> None:
        self.problems = problems[:MAX_PROBLEMS]
        self.total = total if total is not None else len(problems)
        self.checked = checked or {}  # the files as checked, for the error workbook
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """The problems as printed: the first thousand, then how many more there are."""
        more = self.total - len(self.problems)
        return self.problems + ([f"……另有 {more} 处错误"] if more > 0 else [])


def import_directory(
    *,
    directory: Path,
    user: User | None,
    source: str = "cli",
    progress: Progress | None = None,
) -> ImportBatch:
    """Import the recognised data files found in the directory."""
    if not directory.is_dir():
        raise ImportRefused([f"目录不存在：{directory}"])
    files = {p.name: p for p in sorted(directory.iterdir()) if p.is_file()}
    return import_files(files=files, user=user, source=source, progress=progress)


def _recognised(files: dict[str, Path]) -> dict[str, tuple[str, Path]]:
    """Table name -> (file name, path); two files for one table are refused."""
    found: dict[str, tuple[str, Path]] = {}
    for name, path in files.items():
        table = table_for_file(name)
        if table is None:
            continue
        if table in found:
            raise ImportRefused(
                [
                    f"{found[table][0]} 与 {name} 重复：都是{TABLES[table].label}数据，每种数据只能导入一个文件"
                ]
            )
        found[table] = (name, path)
    if not found:
        raise ImportRefused(
            [f"未找到可导入的数据文件（文件名应含 {file_names_hint()}，扩展名 .csv 或 .xlsx）"]
        )
    return found


def _context(user: User | None) -> Context:
    from hecha.accounts.models import District

    own = user.district.code if user is not None and user.is_district_user else None
    names = dict(District.objects.values_list("name", "code"))
    return Context(
        districts=frozenset(names.values()),
        own_district=own,
        district_names=names,
        known_names=lambda: _known_names(own),
    )


def _known_names(own_district: str | None) -> dict[str, str]:
    from hecha.registry.services.tables import name_key

    rows = Enterprise.objects.filter(is_current=True)
    if own_district:
        rows = rows.filter(district_id=own_district)
    return {name_key(n): u for n, u in rows.values_list("name", "uscc")}


def _check_files(
    recognised: dict[str, tuple[str, Path]], context: Context, progress: Progress | None
) -> dict[str, Checked]:
    checked: dict[str, Checked] = {}
    tables = [t for t in ORDER if t in recognised]
    for done, table in enumerate(tables):
        name, path = recognised[table]
        if progress:
            progress(f"读取并校验 {name}", done, len(tables))
        try:
            sheet = read_sheet(file_name=name, path=path)
        except UnreadableFile as exc:
            raise ImportRefused([f"{name}:1: -: {exc}"]) from None
        checked[table] = check_sheet(TABLES[table], sheet, context)
    return checked


def _known_usccs(candidates: set[str], own_district: str | None) -> set[str]:
    """Those of the codes that are current enterprises the user may see."""
    known: set[str] = set()
    codes = sorted(candidates)
    for start in range(0, len(codes), 500):
        rows = Enterprise.objects.filter(is_current=True, uscc__in=codes[start : start + 500])
        if own_district:
            rows = rows.filter(district_id=own_district)
        known.update(rows.values_list("uscc", flat=True))
    return known


def _check_references(checked: dict[str, Checked], context: Context) -> None:
    """A qualification's or person's enterprise is in this import or already known."""
    from hecha.registry.services.cleaning import check_uscc, codes

    enterprises = checked.get("enterprises")
    imported: set[str] = set()
    if enterprises and enterprises.columns:
        imported = set(enterprises.columns["uscc"])
    elif enterprises and "uscc" in enterprises.positions:
        imported = set(codes(enterprises.text("uscc")))
    where = "您所在区县的已有企业" if context.own_district else "系统中已有的企业"
    for table in ("qualifications", "personnel"):
        if table not in checked or not checked[table].columns:
            continue
        refs = checked[table].columns["uscc"]
        outside = {u for u in set(refs) - imported if u and check_uscc(u) is None}
        unknown = outside - _known_usccs(outside, context.own_district) if outside else set()
        if unknown:
            message = "企业 {} 既不在本次导入中，也不是" + where
            found = [(i, message.format(u)) for i, u in enumerate(refs) if u in unknown]
            checked[table].add("uscc", found)


def _refuse_if_any(checked: dict[str, Checked]) -> None:
    problems = []
    for table in ORDER:
        if table in checked:
            name = checked[table].sheet.file_name
            for row, _position, header, message in sorted(checked[table].problems):
                problems.append(f"{name}:{row}: {header}: {message}")
    if problems:
        raise ImportRefused(problems, checked=checked)


def _files_record(checked: dict[str, Checked], changes: dict[str, Changes]) -> list[dict]:
    """Each file's digest and size (for the audit trail), and what it will change: the rows
    added, changed and unchanged against the current records (read before anything is
    written; hecha.registry.services.changes)."""
    return [
        {"name": c.sheet.file_name, "sha256": c.sheet.sha256, "rows": c.rows, "size": c.sheet.size,
         "table": table, "merged": c.merged, **changes[table].counts()}
        for table, c in checked.items()
    ]  # fmt: skip


def _summary(counts: dict[str, int]) -> str:
    return "，".join(f"{TABLES[t].label} 写入 {n} 行" for t, n in counts.items())


def _to_write(item: Checked, changes: Changes) -> dict[str, list]:
    """The file's columns, of the rows that add or change something only."""
    return {name: list(compress(values, changes.write)) for name, values in item.columns.items()}


def _stage(
    checked: dict[str, Checked],
    changes: dict[str, Changes],
    batch: ImportBatch,
    progress: Progress | None,
) -> dict[str, int]:
    """Write the added and changed rows of each file as the batch's staged rows; returns how
    many were written per table (rows that repeat the current values are not written again:
    a monthly re-import of a registry that barely changed writes, and switches, little)."""
    counts = {}
    for table_name, item in checked.items():
        table, columns = TABLES[table_name], _to_write(item, changes[table_name])
        counts[table_name] = writing.stage(
            db_table=table.db_table,
            columns=columns,
            batch_id=batch.pk,
            label=table.label,
            progress=progress,
        )
    return counts


def _make_current(
    checked: dict[str, Checked], batch: ImportBatch, user: User | None, context: Context
) -> None:
    """The one short transaction that switches readers from the old rows to the batch's."""
    with transaction.atomic():
        for table_name in checked:
            table = TABLES[table_name]
            writing.make_current(db_table=table.db_table, key=table.key, batch_id=batch.pk)
        batch.status = ImportBatch.Status.DONE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["counts", "status", "finished_at"])
        _log(batch, user, context)


def _write_current(
    checked: dict[str, Checked],
    changes: dict[str, Changes],
    batch: ImportBatch,
    user: User | None,
    context: Context,
    progress: Progress | None,
) -> None:
    """PostgreSQL: the whole import in one transaction (rows are locked one by one, so case
    work does not wait for it): per table, the rows it replaces superseded, its rows copied in
    current; then the batch done and its audit entry."""
    with transaction.atomic():
        counts = {}
        for table_name, item in checked.items():
            table, columns = TABLES[table_name], _to_write(item, changes[table_name])
            writing.supersede(db_table=table.db_table, key=table.key,
                              keys={k: columns[k] for k in table.key}, batch_id=batch.pk)  # fmt: skip
            counts[table_name] = writing.stage(db_table=table.db_table, columns=columns,
                                               batch_id=batch.pk, label=table.label,
                                               progress=progress, current=True)  # fmt: skip
        batch.counts = counts
        batch.status = ImportBatch.Status.DONE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["counts", "status", "finished_at"])
        _log(batch, user, context)


def discard_batch(batch: ImportBatch, reason: str) -> None:
    """Remove what a batch that did not finish wrote, and record why it stopped."""
    for table in TABLES.values():
        writing.discard(db_table=table.db_table, batch_id=batch.pk)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.REFUSED,
        finished_at=timezone.now(),
        errors=[f"导入中断，未作任何更改：{reason}"],
        error_count=1,
    )


def _log(batch: ImportBatch, user: User | None, context: Context) -> None:
    from hecha.audit.services import log_action

    log_action(
        action="registry.imported",
        actor=user,
        object_type="registry.importbatch",
        object_id=batch.pk,
        district_code=context.own_district or "",
        data={"batch": batch.pk, "summary": _summary(batch.counts), "files": batch.files},
    )


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Millions of small lists and strings, none in a cycle: the cyclic collector would only
    rescan them again and again (a third of the checking time at national scale)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_files(
    *,
    files: dict[str, Path],
    user: User | None,
    source: str = "web",
    progress: Progress | None = None,
) -> ImportBatch:
    """Import the recognised files (original name -> path on disk); others are ignored."""
    with patient(), _no_cyclic_gc():
        batch = _import_files(files=files, user=user, source=source, progress=progress)
        _refresh_comparison_facts(progress)
    return batch


def _refresh_comparison_facts(progress: Progress | None) -> None:
    """Bring the comparison's per-person facts up to date now, in their own transaction, so
    that the next comparison run need not (hecha.checks.services.facts)."""
    from hecha.checks.services.facts import refresh_facts

    if progress:
        progress("更新比对所需的人员要素", 0, 1)
    refresh_facts()


IMPORT_ROLES = frozenset({"city_reviewer", "city_lead"})
NOT_YOURS = (
    "数据导入由市局核查人员进行：注册人员和社保记录不分区县（一人可在不同区县的企业注册，"
    "社保按身份证号记录），一个区县导入的一行数据会改变其他区县企业的比对结果"
)


def may_import(user: User | None) -> bool:
    """The registry is the city's: a city reviewer or lead imports it (README, "Who imports");
    None is the server's operator at the command line."""
    return user is None or user.role in IMPORT_ROLES


def _import_files(
    *, files: dict[str, Path], user: User | None, source: str, progress: Progress | None
) -> ImportBatch:
    if not may_import(user):
        raise ImportRefused([NOT_YOURS])
    recognised = _recognised(files)
    context = _context(user)
    checked = _check_files(recognised, context, progress)
    _check_references(checked, context)
    _refuse_if_any(checked)
    changes = {table: changes_of(TABLES[table], c.columns) for table, c in checked.items()}
    batch = ImportBatch.objects.create(created_by=user, source=source,
                                       files=_files_record(checked, changes))  # fmt: skip
    try:
        if connection.vendor == "postgresql":
            _write_current(checked, changes, batch, user, context, progress)
        else:
            batch.counts = _stage(checked, changes, batch, progress)
            if progress:
                progress("切换为现行数据", 0, 1)
            _make_current(checked, batch, user, context)
    except BaseException as exc:
        discard_batch(batch, str(exc) or type(exc).__name__)
        raise
    writing.analyse([TABLES[t].db_table for t in checked])
    return batch
