"""The imported registry: enterprises, their qualifications, registered people, social insurance.

Every row belongs to the import batch that wrote it. A later import of the same key (an
enterprise's USCC, an enterprise's qualification, a person's registration with an enterprise,
a person's social insurance) does not overwrite: the earlier row stays, marked not current
and pointing at the batch that replaced it.
"""

from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "导入中"
        DONE = "done", "已导入"
        REFUSED = "refused", "已拒绝"

    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    source = models.CharField("来源", max_length=10, default="cli")  # cli | web | demo
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.RUNNING)
    # [{"name": "personnel.csv", "sha256": "...", "rows": 123, "size": 4567}]
    files = models.JSONField("文件", default=list)
    # {"enterprises": n, ...}: rows written per table
    counts = models.JSONField("行数", default=dict)
    # ["personnel.csv:3: id_number: 校验位错误", ...] (first 1000) when refused
    errors = models.JSONField("错误", default=list)
    error_count = models.IntegerField("错误数", default=0)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "导入批次"

    def __str__(self) -> str:
        return f"导入批次 #{self.pk}"

    @property
    def source_label(self) -> str:
        return {"cli": "命令行", "web": "网页上传", "demo": "演示数据"}.get(
            self.source, self.source
        )


class Versioned(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="+")
    is_current = models.BooleanField(default=True)
    # No index: almost every value is NULL, and an index would slow every bulk import.
    superseded_by = models.ForeignKey(
        ImportBatch,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        abstract = True


class Enterprise(Versioned):
    uscc = models.CharField("统一社会信用代码", max_length=18)
    name = models.CharField("企业名称", max_length=200)
    district = models.ForeignKey(
        "accounts.District",
        verbose_name="区县",
        to_field="code",
        db_column="district_code",
        on_delete=models.PROTECT,
    )
    registered_address = models.CharField("注册地址", max_length=300, blank=True, default="")
    mailing_address = models.CharField("通讯地址", max_length=300, blank=True, default="")
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True, default="")
    phone = models.CharField("联系电话", max_length=50, blank=True, default="")
    business_status = models.CharField("经营状态", max_length=10, default="存续")

    class Meta:
        verbose_name = verbose_name_plural = "企业"
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"], condition=models.Q(is_current=True), name="one_current_enterprise"
            )
        ]
        # uscc: an enterprise as of a run's batch, and its versions (the explanation and the
        # case history ask by uscc over every batch, where the partial unique index cannot serve)
        indexes = [
            models.Index(fields=["district", "is_current"]),
            models.Index(fields=["uscc"], name="registry_enterprise_uscc"),
        ]

    def __str__(self) -> str:
        return self.name


class Qualification(Versioned):
    uscc = models.CharField("统一社会信用代码", max_length=18)
    certificate_no = models.CharField("资质证书编号", max_length=50)
    name = models.CharField("资质名称", max_length=60)  # normalised: 建筑工程施工总承包三级
    category = models.CharField("资质类别", max_length=40)
    sequence = models.CharField("序列", max_length=10)
    grade = models.CharField("等级", max_length=10)
    valid_until = models.DateField("有效期至")

    class Meta:
        verbose_name = verbose_name_plural = "资质"
        constraints = [
            models.UniqueConstraint(
                fields=["uscc", "name"],
                condition=models.Q(is_current=True),
                name="one_current_qualification",
            )
        ]
        indexes = [models.Index(fields=["uscc"], name="registry_qualification_uscc")]

    def __str__(self) -> str:
        return self.name


class RegisteredPerson(Versioned):
    """One registration of a registered constructor (注册建造师) with one enterprise."""

    id_number = models.CharField("身份证号", max_length=18)
    name = models.CharField("姓名", max_length=50)
    uscc = models.CharField("注册单位", max_length=18)
    level = models.PositiveSmallIntegerField("注册等级")  # 1 = 一级, 2 = 二级
    registration_no = models.CharField("注册编号", max_length=50)
    specialties = models.CharField("注册专业", max_length=200)  # normalised, joined by ";"
    valid_until = models.DateField("注册有效期至")

    class Meta:
        verbose_name = verbose_name_plural = "注册人员"
        constraints = [
            models.UniqueConstraint(
                fields=["id_number", "uscc"],
                condition=models.Q(is_current=True),
                name="one_current_registration",
            )
        ]
        # the people of an enterprise, and each one's registrations elsewhere, as of any batch
        indexes = [
            models.Index(fields=["uscc"], name="registry_person_uscc"),
            models.Index(fields=["id_number"], name="registry_person_id_number"),
        ]

    def __str__(self) -> str:
        return self.name


class SocialInsurance(Versioned):
    id_number = models.CharField("身份证号", max_length=18)
    uscc = models.CharField("参保单位", max_length=18)
    last_paid_month = models.CharField("最近缴费月份", max_length=7)  # YYYY-MM

    class Meta:
        verbose_name = verbose_name_plural = "社保缴纳"
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=models.Q(is_current=True),
                name="one_current_social_insurance",
            )
        ]
        indexes = [models.Index(fields=["id_number"], name="registry_insurance_id_number")]
