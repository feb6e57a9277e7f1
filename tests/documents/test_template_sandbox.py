"""A template is data, not code: the payloads that ran shell commands and read settings through
an uploaded DOCX are refused at upload, naming the expression, and even a template that reached
the database some other way cannot run code when an officer issues a notice."""

import io
import os
from datetime import date

import pytest
from docx import Document as Docx

from hecha.documents import sandbox
from hecha.documents.models import Document, DocumentTemplate, NumberSequence
from hecha.documents.services import DocumentRefused, builtin_template_bytes, render_docx

D = date.fromisoformat
MARK = "/tmp/hecha-template-payload-ran"

PAYLOADS = [
    # (where, text, words the refusal must name)
    (
        "body",
        "{{ ''.__class__.__mro__[1].__subclasses__()[0]('touch " + MARK + "') }}",
        "__class__",
    ),
    ("body", "{{ cycler.__init__.__globals__.os.popen('touch " + MARK + "').read() }}", "popen"),
    ("body", "{{ lipsum.__globals__['os'].popen('touch " + MARK + "') }}", "__globals__"),
    ("body", "{{ qr.tpl.docx }}", "qr.tpl"),
    ("body", "{{ self._TemplateReference__context }}", "self._TemplateReference__context"),
    ("body", "{{ findings|attr('__class__') }}", "attr"),
    ("body", "{{ findings|map(attribute='__class__')|list }}", "map"),
    ("body", "{% for r in findings %}{{ r.__class__.__base__ }}{% endfor %}", "__class__"),
    ("body", "{% for r in findings %}{{ r['__class__'] }}{% endfor %}", "__class__"),
    ("body", "{% for r in findings %}{{ r.items() }}{% endfor %}", "r.items"),
    ("body", "{% for c in ''.__class__.__mro__ %}{{ c }}{% endfor %}", "__class__"),
    ("body", "{{ 9**9**9 }}", "Pow"),
    ("body", "{% import 'os' as os %}", "Import"),
    ("body", "{% include 'settings.py' %}", "Include"),
    ("body", "{{ range(10**9)|list }}", "range"),
    ("header", "{{ uscc.__class__.__mro__ }}", "uscc.__class__"),
    ("title", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "文档属性"),
    # memory: a value doubled at each line (2**40 bytes after forty), loops multiplied
    ("body", "{% set x = enterprise_name %}" + "{% set x = x ~ x %}" * 40 + "{{ x }}", "x"),
    ("body", "{% set a = uscc %}{% set b = a ~ a %}{{ b }}", "a"),
    (
        "body",
        "{% for r in findings %}{% for s in findings %}{% for t in findings %}"
        "{{ t.required }}{% endfor %}{% endfor %}{% endfor %}",
        "findings",
    ),
]


def _docx_with(where: str, text: str) -> bytes:
    doc = Docx(io.BytesIO(builtin_template_bytes("inspection_notice")))
    if where == "body":
        doc.add_paragraph(text)
    elif where == "header":
        doc.sections[0].header.add_paragraph(text)
    else:
        doc.core_properties.title = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _upload(client, content: bytes):
    f = io.BytesIO(content)
    f.name = "模板.docx"
    return client.post(
        "/documents/templates/",
        {"action": "upload", "kind": "inspection_notice", "file": f},
        follow=True,
    ).content.decode()


@pytest.fixture(autouse=True)
def _no_mark():
    if os.path.exists(MARK):
        os.remove(MARK)
    yield
    assert not os.path.exists(MARK), "a template payload ran a shell command"


@pytest.mark.parametrize(("where", "text", "named"), PAYLOADS)
def test_each_payload_is_refused_at_upload_naming_the_expression(
    client, admin_user, where, text, named
):
    client.force_login(admin_user)
    before = DocumentTemplate.objects.count()
    html = _upload(client, _docx_with(where, text))
    assert "模板未保存" in html
    assert named in html.replace("&#x27;", "'").replace("&quot;", '"')
    assert DocumentTemplate.objects.count() == before
    assert "SECRET" not in html and "uid=" not in html


def test_the_documented_variables_loops_and_filters_are_accepted(client, admin_user):
    client.force_login(admin_user)
    text = (
        "{% for r in findings %}{{ loop.index }}. {{ r.qualification|upper }} {{ r['required'] }}"
        "{% if r.counted < r.required %}不足{% endif %}{% endfor %}"
        "{{ enterprise_name|default('—') }}{{ findings|length }}"
        "{% set n = findings|length %}共{{ n }}项{% for r in findings %}{{ r.counted }}{% endfor %}"
    )
    html = _upload(client, _docx_with("body", text))
    assert "模板未保存" not in html and "变量齐全" in html
    row = DocumentTemplate.objects.get(kind="inspection_notice", version=2)
    words = "\n".join(p.text for p in Docx(io.BytesIO(_preview(row))).paragraphs)
    assert "1. 建筑工程施工总承包三级 5不足" in words and "共1项4" in words


def _preview(row):
    from hecha.documents.templates import preview

    return preview(row)


def test_a_payload_that_reached_the_database_cannot_run_when_a_notice_is_issued(
    case, officer_user, officers
):
    """Defence in depth: the sandbox itself refuses, whatever the upload check missed."""
    from hecha.cases.services import CaseRefused, StepRefused, take_step

    content = _docx_with("body", "{{ qr.tpl.docx.core_properties.author }}")
    DocumentTemplate.objects.filter(kind="inspection_notice").update(active=False)
    DocumentTemplate.objects.create(
        kind="inspection_notice", version=99, content=content, sha256="x", variables=[],
        active=True,
    )  # fmt: skip
    with pytest.raises((DocumentRefused, StepRefused, CaseRefused)) as refused:
        take_step(case_id=case.pk, step="issue_notices", user=officer_user, today=D("2026-01-05"),
                  data={"notices_on": D("2026-01-05"), "officer_ids": [o.pk for o in officers]})  # fmt: skip
    assert "文书模板含不允许的表达式" in str(refused.value)
    case.refresh_from_db()
    assert case.stage == "flagged"
    assert Document.objects.count() == 0 and not NumberSequence.objects.filter(last__gt=0).exists()


@pytest.mark.parametrize(
    "text",
    [
        "{{ ''.__class__ }}",
        "{{ qr.tpl }}",
        "{{ findings.pop() }}",
        "{% for r in findings %}{{ r.items }}{% endfor %}",
    ],
)
def test_the_sandbox_refuses_at_render_what_the_check_would_have_refused(text):
    content = _docx_with("body", text)
    with pytest.raises(DocumentRefused):
        render_docx(content, {"findings": [{"qualification": "x"}]}, "TEST-CODE-0000")


def test_every_variable_the_builtin_templates_use_is_documented():
    kinds = [k for k in sandbox.documented()["variables"]]
    assert kinds
    for kind in ("inspection_notice", "rectification_order", "anomaly_list", "recheck_form",
                 "unreachable_announcement", "overdue_list", "revocation_notice"):  # fmt: skip
        assert sandbox.check(builtin_template_bytes(kind)) <= sandbox.documented_names(), kind
