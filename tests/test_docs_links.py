"""The project documents itself: the README and docs/ link only to files in the repository
(that exist, at headings that exist), and name no paper a user of Hecha does not have."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# [text](target), <img src="target">, <a href="target">
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|(?:src|href)=\"([^\"]+)\"")
NOT_OURS = ("../shared", "/work/", "CONTRACT.md", "DESIGN.md", "DOMAIN.md", "STYLE.md")
NOT_OURS_IN_TEXT = re.compile(r"\.\./shared|\b(?:CONTRACT|DESIGN|DOMAIN|STYLE)\.md\b")
WEB = re.compile(r"^(?:https?|mailto):", re.IGNORECASE)


def links(page: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return [a or b for a, b in LINK.findall(text)]


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {slug(h) for h in re.findall(r"^#{1,6}\s+(.+?)\s*#*$", text, flags=re.MULTILINE)}


def test_there_are_pages_to_check():
    names = {p.name for p in PAGES}
    assert {"README.md", "cli.md", "formats.md", "findings.md", "api.md"} <= names


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_link_stays_in_the_repository_and_finds_its_target(page):
    problems = []
    for target in links(page):
        if WEB.match(target):
            continue
        if any(bad in target for bad in NOT_OURS):
            problems.append(f"{target}: outside the repository")
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.is_relative_to(ROOT):
            problems.append(f"{target}: outside the repository")
        elif not file.exists():
            problems.append(f"{target}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            problems.append(f"{target}: no such heading in {file.name}")
    assert problems == [], f"{page.name}: {problems}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_page_names_a_paper_users_do_not_have(page):
    assert NOT_OURS_IN_TEXT.findall(page.read_text(encoding="utf-8")) == []


def test_the_checker_catches_what_it_should(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "[c](../shared/CONTRACT.md) [ok](https://example.org) ![x](pic.png)\n"
        '<img src="docs/a.png"> ```\n[skip](nothing.md)\n```\n## Health check\n',
        encoding="utf-8",
    )
    assert links(page) == ["../shared/CONTRACT.md", "https://example.org", "pic.png", "docs/a.png"]
    assert anchors(page) == {"health-check"}
    assert slug("`hecha user token NAME [--days N | --list | --revoke]`") == (
        "hecha-user-token-name---days-n----list----revoke"
    )
