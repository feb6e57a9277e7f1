"""Each action code and the Chinese sentence the record shows for it (pretix's log_action)."""

SENTENCES = {
    "registry.imported": "{actor}导入数据（批次 #{batch}）：{summary}",
    "checks.run_completed": "{actor}完成系统自动比对 #{run}（基准日 {as_of}，标准 {standard}）：异常企业 {flagged} 家",
    "standards.draft_loaded": "{actor}载入资质标准草案 {version}",
}


def sentence(action: str, actor: str, data: dict) -> str:
    template = SENTENCES.get(action)
    if template is None:
        return f"{actor or '系统'}：{action}"
    try:
        return template.format(actor=actor or "系统", **data)
    except (KeyError, IndexError):
        return f"{actor or '系统'}：{action}"
