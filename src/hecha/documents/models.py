"""Templates (versioned), number sequences (文号, per issuing body and year) and issued
documents with their verification codes. An issued document is never edited."""

from django.conf import settings
from django.db import models

KIND_CHOICES = [
    ("inspection_notice", "行政检查通知书"),
    ("rectification_order", "责令限期整改通知书"),
    ("anomaly_list", "异常企业清单"),
    ("unreachable_announcement", "失联企业公告"),
    ("recheck_form", "预警企业资质复查表"),
    ("overdue_list", "逾期整改未达标企业清单"),
    ("revocation_notice", "撤回建筑企业资质行政许可告知书"),
    ("revocation_decision", "撤回建筑企业资质决定书"),
]


class DocumentTemplate(models.Model):
    kind = models.CharField("文书种类", max_length=30, choices=KIND_CHOICES)
    version = models.PositiveIntegerField("版本")
    content = models.BinaryField("模板文件（DOCX）")
    sha256 = models.CharField(max_length=64)
    variables = models.JSONField("变量", default=list)
    builtin = models.BooleanField("内置", default=False)
    active = models.BooleanField("使用中", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = verbose_name_plural = "文书模板"
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="one_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} 第{self.version}版"


class NumberSequence(models.Model):
    """The last number a body issued in a year, and the date it bears: incremented under a row
    lock, so numbers follow dates (a later number never bears an earlier date)."""

    body = models.CharField(max_length=10)  # "city" or a district code
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)
    last_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="one_sequence")]


class Document(models.Model):
    kind = models.CharField("文书种类", max_length=30, choices=KIND_CHOICES)
    title = models.CharField("标题", max_length=100)
    body = models.CharField("发文机关代码", max_length=10)
    issuer_name = models.CharField("发文机关", max_length=60)
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    number = models.CharField("文号", max_length=40, unique=True)
    code = models.CharField("核验码", max_length=20, unique=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    district_code = models.CharField(max_length=6, blank=True, default="")
    template = models.ForeignKey(DocumentTemplate, on_delete=models.PROTECT)
    content = models.JSONField("内容", default=dict)  # the fields and rows printed
    docx = models.BinaryField()
    docx_sha256 = models.CharField(max_length=64)
    xlsx = models.BinaryField(null=True, blank=True)  # lists only
    xlsx_sha256 = models.CharField(max_length=64, blank=True, default="")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "文书"
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "serial"], name="one_number")
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"


class IssuingBody(models.Model):
    """A body that issues documents (发文机关): the city bureau or a district bureau, with the
    number prefix, the body that hears an administrative review of its decisions, and the
    office, address and telephone printed on its documents (set by the administrator)."""

    code = models.CharField("机关代码", max_length=10, unique=True)  # "city" or district code
    name = models.CharField("发文机关", max_length=60)
    prefix = models.CharField("文号字", max_length=20)
    review_body = models.CharField(
        "行政复议机关", max_length=60, help_text="《行政复议法》第二十四条：本级人民政府"
    )
    office = models.CharField("承办科室", max_length=60, blank=True, default="")
    address = models.CharField("办公地址", max_length=200, blank=True, default="")
    phone = models.CharField("联系电话", max_length=50, blank=True, default="")
    contact_person = models.CharField(
        "联系人", max_length=50, blank=True, default="", help_text="市局文书的联系人"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "发文机关"

    def __str__(self) -> str:
        return self.name

    def missing_contact(self, *, city: bool = False) -> list[str]:
        needed = [("办公地址", self.address), ("联系电话", self.phone)]
        if city:
            needed.append(("联系人", self.contact_person))
        return [label for label, value in needed if not value.strip()]
