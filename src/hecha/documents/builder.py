"""The built-in Word templates, one function per kind, laid out after GB/T 9704-2012 by
`documents.layout`. `python -m hecha.documents.builder` writes them into documents/docx/; an
administrator may download one, edit it in Word or WPS and upload it back. Every `{{ name }}`
is a documented variable (data/variables.yaml); the legal wording that varies (bases,
remedies, periods) comes from data/legal.yaml and data/policy.yaml through those variables.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document

from hecha.documents.layout import (
    base,
    form_table,
    header,
    keep_tail,
    list_table,
    para,
    signature,
    slim,
)

HERE = Path(__file__).resolve().parent / "docx"

FINDINGS = [
    ("资质名称", "{{ r.qualification }}", 32, ""),
    ("资质证书编号", "{{ r.certificate_no }}", 30, "n"),
    ("标准要求", "{{ r.requirement }}", 62, ""),
    ("要求人数", "{{ r.required }}", 16, "c"),
    ("符合人数", "{{ r.counted }}", 16, "c"),
]
ADDRESSEE = "{{ enterprise_name }}（统一社会信用代码：{{ uscc }}）："


def _materials(doc, intro: str) -> None:
    para(doc, intro)
    para(doc, "{%p for m in materials %}", "Normal")
    para(doc, "（{{ m.n }}）{{ m.text }}")
    para(doc, "{%p endfor %}", "Normal")


def _contact(doc) -> None:
    para(doc, "联系人：{{ contact_people }}；联系电话：{{ contact_phone }}；地址：{{ contact_address }}"
              "（{{ contact_office }}）。")  # fmt: skip


def inspection_notice() -> Document:
    doc = base()
    header(doc)
    para(doc, ADDRESSEE, "HechaAddressee")
    para(doc, "根据{{ basis }}，本机关对你单位取得的建筑业企业资质是否持续符合资质标准要求进行动态核查。"
              "经系统自动比对（比对基准日：{{ as_of_cn }}），你单位存在以下不符合资质标准要求的情形：", keep=True)  # fmt: skip
    list_table(doc, FINDINGS, "findings")
    _materials(doc, "请你单位于{{ materials_due_cn }}前（本通知书送达时该日期已过的，自送达之日起"
                    "{{ materials_grace }}内），将下列材料加盖企业公章后送至或邮寄至本机关：")  # fmt: skip
    _contact(doc)
    para(doc, "你单位应当如实提供有关材料，配合核查。")
    keep_tail(doc)
    signature(doc, officers=True)
    return doc


def rectification_order() -> Document:
    doc = base()
    header(doc)
    para(doc, ADDRESSEE, "HechaAddressee")
    para(doc, "经动态核查，你单位存在以下不符合建筑业企业资质标准要求的情形：", keep=True)
    list_table(doc, FINDINGS, "findings")
    para(doc, "根据{{ basis }}，现责令你单位自本通知书送达之日起{{ rectification_months }}内完成整改，"
              "达到建筑业企业资质标准要求的条件。整改期间，你单位不得申请建筑业企业资质的升级、增项，不能承揽新的工程。"
              "逾期仍未达到建筑业企业资质标准要求条件的，资质许可机关可以撤回你单位相应建筑业企业资质证书。")  # fmt: skip
    para(
        doc,
        "本通知书以邮寄方式送达；邮寄未能送达的，以公告方式送达，自公告之日起经过30日即视为送达。",
    )
    _materials(doc, "你单位完成整改后，请将下列材料加盖企业公章后送至或邮寄至本机关，申请复查：")
    _contact(doc)
    para(doc, "{{ remedies }}")
    keep_tail(doc)
    signature(doc, officers=True)
    return doc


def revocation_notice() -> Document:
    doc = base()
    header(doc)
    para(doc, ADDRESSEE, "HechaAddressee")
    para(doc, "{{ order_issuer }}制发的《责令限期整改通知书》（{{ order_number }}）{{ served_phrase }}，"
              "整改期限自{{ served_cn }}起至{{ rectification_until_cn }}止。整改期满后，经{{ order_issuer }}复查"
              "（{{ district_recheck_cn }}）和本机关二次复查（{{ city_recheck_cn }}），你单位仍未达到以下资质标准要求：", keep=True)  # fmt: skip
    list_table(doc, FINDINGS, "findings")
    para(
        doc, "根据{{ basis }}，本机关拟撤回你单位的下列建筑业企业资质：{{ qualifications_text }}。"
    )
    para(doc, "本告知书以邮寄和网上公告同时送达，自公告发布之日起满30日视为送达。")
    para(doc, "根据{{ statement_basis }}，你单位享有陈述权、申辩权。你单位可以在{{ statement_due_cn }}前"
              "（本告知书送达之日起{{ statement_period }}内）向本机关提出陈述、申辩，书面材料送至或邮寄至本机关。"
              "逾期未提出的，视为放弃陈述、申辩。{{ hearing }}")  # fmt: skip
    _contact(doc)
    keep_tail(doc)
    signature(doc, officers=False)
    return doc


def revocation_decision() -> Document:
    doc = base()
    header(doc)
    para(doc, ADDRESSEE, "HechaAddressee")
    para(doc, "{{ order_issuer }}制发的《责令限期整改通知书》（{{ order_number }}）{{ served_phrase }}，"
              "整改期限自{{ served_cn }}起至{{ rectification_until_cn }}止。整改期满后，经{{ order_issuer }}复查"
              "（{{ district_recheck_cn }}）和本机关二次复查（{{ city_recheck_cn }}），你单位仍未达到以下资质标准要求：", keep=True)  # fmt: skip
    list_table(doc, FINDINGS, "findings")
    para(doc, "本机关于{{ revocation_notice_cn }}以《撤回建筑企业资质行政许可告知书》（{{ revocation_notice_number }}）"
              "告知你单位拟撤回上述资质，该告知书于{{ revocation_served_cn }}送达。{{ statements }}")  # fmt: skip
    para(
        doc,
        "根据{{ basis }}，本机关决定撤回你单位的下列建筑业企业资质：{{ qualifications_text }}。",
    )
    para(doc, "{{ lower_grade }}")
    para(doc, "{{ remedies }}")
    _contact(doc)
    keep_tail(doc)
    signature(doc, officers=False)
    return doc


def recheck_form() -> Document:
    doc = base()
    header(doc)
    form_table(doc, [
        [("企业名称", 1), ("{{ enterprise_name }}", 3)],
        [("统一社会信用代码", 1), ("{{ uscc }}", 1), ("所在区县", 1), ("{{ district_name }}", 1)],
        [("通知书送达", 1), ("《责令限期整改通知书》（{{ order_number }}）{{ served_phrase }}", 3)],
        [("整改期限", 1), ("{{ served_cn }} 至 {{ rectification_until_cn }}", 3)],
        [("复查日期", 1), ("{{ recheck_cn }}", 1), ("复查依据", 1), ("{{ recheck_run }}", 1)],
        [("复查结论", 1), ("{{ conclusion }}", 3)],
        [("复查证据", 1), ("{{ evidence }}", 3)],
        [("区县复查意见", 1), ("{{ conclusion }}\n\n执法人员（签名）：{{ officer_a_name }}　　{{ officer_b_name }}\n\n"
                             "负责人（签名）：　　　　　　　　　年　　月　　日", 3)],
        [("市局二次复查意见", 1), ("\n\n\n复查人员（签名）：　　　　　　　　　年　　月　　日", 3)],
    ], [36, 54, 22, 44])  # fmt: skip
    para(doc, "", "Normal")
    para(doc, "整改期满仍不符合的资质标准要求：", "HechaAddressee")
    list_table(doc, FINDINGS, "findings")
    keep_tail(doc, 1)
    signature(doc, officers=False)
    para(doc, "{%p if evidence_files %}", "Normal")
    attachment = para(doc, "附件：四库截图（复查证据，缩小打印）", "HechaAddressee")
    attachment.paragraph_format.page_break_before = True
    para(doc, "{%p for e in evidence_files %}", "Normal")
    para(
        doc,
        "{{ e.n }}. {{ e.name }}（截图日期：{{ e.shown_cn }}）",
        "HechaSmall",
        keep=True,
    )
    para(doc, "{{ e.image }}", "Normal")
    para(doc, "{%p endfor %}", "Normal")
    para(doc, "{%p endif %}", "Normal")
    return doc


ANOMALY = [
    ("序号", "{{ r.n }}", 9, "nc"),
    ("企业名称", "{{ r.enterprise_name }}", 38, ""),
    ("统一社会信用代码", "{{ r.uscc }}", 46, "n"),
    (
        "行政检查通知书文号\n责令限期整改通知书文号",
        "{{ r.inspection_number }}\n{{ r.order_number }}",
        44,
        "n",
    ),
    ("邮寄地址", "{{ r.mailing_address }}", 36, ""),
    ("联系人及电话", "{{ r.contact_name }}\n{{ r.contact_phone }}", 28, ""),
    ("不符合资质标准的资质", "{{ r.detail }}", 36, ""),
]
OVERDUE = [
    ("序号", "{{ r.n }}", 9, "nc"),
    ("企业名称", "{{ r.enterprise_name }}", 38, ""),
    ("统一社会信用代码", "{{ r.uscc }}", 46, "n"),
    ("送达日期", "{{ r.served_cn }}", 34, "n"),
    ("整改期满日", "{{ r.until_cn }}", 34, "n"),
    ("复查日期", "{{ r.recheck_cn }}", 34, "n"),
    ("仍不符合资质标准的资质", "{{ r.detail }}", 42, ""),
]
ANNOUNCED = [
    ("序号", "{{ r.n }}", 10, "nc"),
    ("企业名称", "{{ r.enterprise_name }}", 40, ""),
    ("统一社会信用代码", "{{ r.uscc }}", 46, "n"),
    ("制发机关及《责令限期整改通知书》文号", "{{ r.issuer }}\n{{ r.order_number }}", 60, ""),
]


def _list(columns, *, addressee: bool, landscape: bool, officers: bool, places: bool = False,
          title: tuple[str, ...] = ("{{ title }}",)) -> Document:  # fmt: skip
    doc = base(landscape=landscape)
    header(doc, title=title)
    if addressee:
        para(doc, "沈阳市城乡建设局：", "HechaAddressee")
    para(doc, "{{ intro }}")
    list_table(doc, columns, "rows", small=True)
    para(doc, "共 {{ rows|length }} 家。{{ outro }}")
    if places:
        para(doc, "领取地点和电话：{{ places }}")
        para(
            doc,
            "咨询：{{ issuer_name }}{{ contact_office }}，联系人：{{ contact_people }}，电话：{{ contact_phone }}。",
        )
    keep_tail(doc, 2 if places else 1)
    signature(doc, officers=officers)
    return doc


def anomaly_list() -> Document:
    return _list(ANOMALY, addressee=True, landscape=True, officers=False)


def overdue_list() -> Document:
    return _list(OVERDUE, addressee=True, landscape=True, officers=True)


def unreachable_announcement() -> Document:
    return _list(
        ANNOUNCED,
        addressee=False,
        landscape=False,
        officers=False,
        places=True,
        title=("关于向失联企业公告送达", "《责令限期整改通知书》的公告"),
    )


BUILDERS = {
    "inspection_notice": inspection_notice,
    "rectification_order": rectification_order,
    "revocation_notice": revocation_notice,
    "revocation_decision": revocation_decision,
    "recheck_form": recheck_form,
    "anomaly_list": anomaly_list,
    "overdue_list": overdue_list,
    "unreachable_announcement": unreachable_announcement,
}


def main(argv: list[str] | None = None) -> None:
    HERE.mkdir(exist_ok=True)
    for kind, build in BUILDERS.items():
        doc = build()
        slim(doc)
        doc.save(str(HERE / f"{kind}.docx"))
        print(HERE / f"{kind}.docx")


if __name__ == "__main__":
    main(sys.argv[1:])
