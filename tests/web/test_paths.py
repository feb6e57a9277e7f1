"""{% path %} gives exactly what reverse() gives, for every kind of argument."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from hecha.paths import path_for


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("cases:case", [7]),
        ("cases:case", [987654001]),  # a number that looks like a marker
        ("documents:file", [12, "docx"]),
        ("documents:file", [3, "pdf"]),
        ("checks:enterprise", [5, "91210102MA0P000010"]),
        ("documents:verify", ["HC-2026-ABCD"]),
        ("documents:verify", ["带 空格和中文"]),  # quoted: reverse() itself
        ("checks:enterprise", [5, "a b"]),
        ("home", []),
    ],
)
def test_path_is_reverse(name, args):
    assert path_for(name, *args) == reverse(name, args=args)


def test_the_tag_in_a_template_needs_no_load():
    html = Template("{% for d in docs %}{% path 'documents:file' d 'pdf' %};{% endfor %}").render(
        Context({"docs": [1, 22, 333]})
    )
    assert html == ";".join(reverse("documents:file", args=[d, "pdf"]) for d in (1, 22, 333)) + ";"
