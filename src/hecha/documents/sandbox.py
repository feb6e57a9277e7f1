"""Templates are data an administrator uploads, not code: they render in Jinja's immutable
sandbox, may name only the documented variables and the documented fields of the list rows,
and are read expression by expression at upload, so that anything else (attribute chains,
calls, imports, arithmetic) is refused before the template is ever stored or rendered."""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from jinja2 import Undefined, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from hecha import yamltext

# What a loop row may be asked in a template: {{ loop.index }} numbers rows.
LOOP_FIELDS = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length"})
# Filters that only format a value; none reaches into an object or calls anything.
# (No replace or center: a constant argument could multiply a value's size.)
SAFE_FILTERS = frozenset({"default", "d", "length", "count", "join", "upper", "lower", "trim",
                          "string", "int", "e", "escape", "first", "last", "truncate", "round",
                          "abs"})  # fmt: skip
SAFE_TESTS = frozenset({"defined", "undefined", "none", "number", "string", "even", "odd",
                        "eq", "ne", "lt", "le", "gt", "ge", "==", "!=", "<", "<=", ">", ">=", "in"})  # fmt: skip
# Names Jinja gives a meaning of its own; never documented variables.
RESERVED = frozenset({"self", "loop", "varargs", "kwargs", "caller", "super"})
ALLOWED_NODES = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Const, nodes.Name, nodes.Getattr,
    nodes.Getitem, nodes.If, nodes.For, nodes.Filter, nodes.Test, nodes.Compare, nodes.Operand,
    nodes.And, nodes.Or, nodes.Not, nodes.Concat, nodes.CondExpr, nodes.Assign, nodes.Keyword,
)  # fmt: skip


class TemplateUnsafe(Exception):
    """The template reaches beyond its documented variables; the message is Chinese."""


@cache
def documented() -> dict[str, Any]:
    """The variables a template may use, with their Chinese meaning (documents/data)."""
    text = resources.files("hecha.documents").joinpath("data/variables.yaml").read_text("utf-8")
    return yamltext.safe_load(text)


def documented_names() -> set[str]:
    return set(documented()["variables"]) | set(documented()["lists"])


def list_fields(name: str) -> set[str]:
    return set(documented()["lists"].get(name, {}).get("fields", {}))


class _Undefined(Undefined):
    """A missing variable prints nothing, as before; a refused attribute raises wherever it is
    used (the sandbox's own Undefined would print nothing and hide the attempt)."""

    def _refused(self) -> bool:
        return issubclass(self._undefined_exception, SecurityError)

    def __str__(self) -> str:
        if self._refused():
            self._fail_with_undefined_error()
        return ""

    def __iter__(self):
        if self._refused():
            self._fail_with_undefined_error()
        return iter(())

    def __bool__(self) -> bool:
        if self._refused():
            self._fail_with_undefined_error()
        return False


class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with nothing to reach: no attribute of any object but the loop counter's
    (dict rows are read by key), no callables, no globals, only formatting filters. The
    compiled form of a part is kept: one template version's XML is the same every time."""

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=_Undefined)
        self.globals.clear()
        self.filters = {k: v for k, v in self.filters.items() if k in SAFE_FILTERS}
        self.tests = {k: v for k, v in self.tests.items() if k in SAFE_TESTS}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return isinstance(obj, LoopContext) and attr in LOOP_FIELDS

    def is_safe_callable(self, obj: Any) -> bool:
        return False

    @lru_cache(maxsize=256)  # noqa: B019 - one environment for the life of the process
    def _compiled(self, source: str):
        return super().from_string(source)

    def from_string(self, source, globals=None, template_class=None):  # type: ignore[override]
        if globals is None and template_class is None and isinstance(source, str):
            return self._compiled(source)
        return super().from_string(source, globals, template_class)


ENV = TemplateEnvironment()


def sources(content: bytes) -> Iterator[tuple[str, str]]:
    """Every piece of a DOCX that docxtpl renders, as Jinja source: the body, headers,
    footers and footnotes (runs merged as docxtpl merges them) and the core properties."""
    from docx import Document as Docx
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(content))
    doc = Docx(io.BytesIO(content))
    yield "正文", tpl.patch_xml(tpl.xml_to_string(doc._element.body))
    for rel in doc.part.rels.values():
        if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI) and rel.target_part.blob:
            name = "页眉" if rel.reltype == tpl.HEADER_URI else "页脚"
            yield name, tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob)))
    for part in doc.part.package.parts:
        if part.content_type.endswith("wordprocessingml.footnotes+xml"):
            yield "脚注", tpl.patch_xml(part.blob.decode("utf-8"))
    props = doc.core_properties
    for prop in ("author", "comments", "identifier", "language", "subject", "title"):
        yield "文档属性", getattr(props, prop) or ""


def _words(node: nodes.Node) -> str:
    """The expression as the editor wrote it, near enough to find it in Word."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_words(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_words(node.node)}[{_words(node.arg)}]"
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Call):
        return f"{_words(node.node)}(…)"
    if isinstance(node, nodes.Filter):
        return f"{_words(node.node) if node.node else '…'}|{node.name}"
    return type(node).__name__


class _Checker:
    """Walks a parsed template: every node of an allowed kind, every name documented or
    bound by a loop over a documented list, every attribute a documented field."""

    def __init__(self, part: str) -> None:
        self.part = part
        self.rows: dict[str, str] = {}  # loop variable -> the list it walks
        self.assigned: set[str] = set()
        self.depth = 0  # loops open around the node being read

    def refuse(self, node: nodes.Node, why: str) -> TemplateUnsafe:
        return TemplateUnsafe(f"{self.part}中的表达式“{{{{ {_words(node)} }}}}”{why}")

    def visit(self, node: nodes.Node) -> None:
        if not isinstance(node, ALLOWED_NODES):
            raise self.refuse(node, "不允许使用（模板只能引用文书变量，不能调用、运算或导入）")
        handler = getattr(self, f"visit_{type(node).__name__}", None)
        if handler is not None:
            handler(node)
            return
        for child in node.iter_child_nodes():
            self.visit(child)

    def visit_Name(self, node: nodes.Name) -> None:
        if node.ctx == "store":
            self.assigned.add(node.name)
            return
        bound = node.name in self.rows or node.name in self.assigned
        if not bound and (node.name in RESERVED or node.name.startswith("_")):
            raise self.refuse(node, "不是文书变量")

    def _field(self, node: nodes.Getattr | nodes.Getitem, field: Any) -> None:
        owner = node.node
        name = owner.name if isinstance(owner, nodes.Name) else None
        if name == "loop" and field in LOOP_FIELDS:
            return
        if name in self.rows and isinstance(field, str) and field in list_fields(self.rows[name]):
            return
        raise self.refuse(node, "不是文书变量的字段")

    def visit_Getattr(self, node: nodes.Getattr) -> None:
        self._field(node, node.attr)

    def visit_Getitem(self, node: nodes.Getitem) -> None:
        if not isinstance(node.arg, nodes.Const):
            raise self.refuse(node, "不是文书变量的字段")
        self._field(node, node.arg.value)

    def visit_Assign(self, node: nodes.Assign) -> None:
        """A value set from what was set before could double at each line ({% set x = x ~ x %}
        forty times is a terabyte): a set value uses documented variables and constants only."""
        for name in node.node.find_all(nodes.Name):
            if name.name in self.assigned:
                raise self.refuse(name, "由前面 {% set %} 的变量再赋值，不允许（可使文书无限增大）")
        self.visit(node.node)
        self.visit(node.target)

    def visit_For(self, node: nodes.For) -> None:
        if self.depth:  # every list is the document's own: a loop in a loop only multiplies
            raise self.refuse(node.iter, "是循环中嵌套的循环，不允许")
        if not (isinstance(node.iter, nodes.Name) and node.iter.name in documented()["lists"]):
            raise self.refuse(node.iter, "不是可逐行列出的清单变量")
        if not isinstance(node.target, nodes.Name) or node.test is not None or node.recursive:
            raise self.refuse(node.target, "须写成 {% for r in 清单变量 %}")
        self.rows[node.target.name] = node.iter.name
        self.depth += 1
        for child in [*node.body, *node.else_]:
            self.visit(child)
        self.depth -= 1

    def visit_Filter(self, node: nodes.Filter) -> None:
        if node.name not in SAFE_FILTERS or node.dyn_args or node.dyn_kwargs:
            raise self.refuse(node, f"使用了不允许的过滤器 {node.name}")
        for child in node.iter_child_nodes():
            self.visit(child)

    def visit_Test(self, node: nodes.Test) -> None:
        if node.name not in SAFE_TESTS:
            raise self.refuse(node, f"使用了不允许的判断 {node.name}")
        for child in node.iter_child_nodes():
            self.visit(child)


def check(content: bytes) -> set[str]:
    """The variables the template uses; raises TemplateUnsafe naming the first expression
    that reaches beyond them, and TemplateSyntaxError for a broken tag."""
    from jinja2 import meta

    used: set[str] = set()
    for part, source in sources(content):
        tree = ENV.parse(source)
        _Checker(part).visit(tree)
        used |= meta.find_undeclared_variables(tree)
    return used


__all__ = ["ENV", "TemplateSyntaxError", "TemplateUnsafe", "check", "documented", "sources"]
