"""`hecha stats`: how many registry records are current, and cases by stage, as JSON."""

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="统计现行的企业、资质、注册人员、社保记录数及各阶段案件数")
    p.set_defaults(handler=run)


def _cases_by_stage() -> dict[str, int]:
    """Filled in by the cases app when it exists (`hecha.cases.selectors.count_by_stage`)."""
    try:
        from hecha.cases.selectors import count_by_stage
    except ImportError:
        return {}
    return dict(count_by_stage())


def run(args: argparse.Namespace) -> int:
    from hecha.registry.selectors import current_counts

    print(json.dumps({**current_counts(), "cases": _cases_by_stage()}, ensure_ascii=False))
    return 0
