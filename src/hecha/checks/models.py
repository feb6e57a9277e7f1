"""Standards versions as loaded, comparison runs and their findings. A run is never edited."""

from django.conf import settings
from django.db import models


class StandardVersion(models.Model):
    """One version of the qualification standards, stored as the YAML it was loaded from."""

    class Status(models.TextChoices):
        PUBLISHED = "published", "已发布"
        DRAFT = "draft", "草案"

    version = models.CharField("版本", max_length=40, unique=True)
    title = models.CharField("名称", max_length=200)
    document = models.CharField("文件依据", max_length=200)
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    effective_from = models.DateField("生效日期")
    effective_until = models.DateField("失效日期", null=True, blank=True)
    source_yaml = models.TextField("数据（YAML）")
    sha256 = models.CharField("SHA-256", max_length=64)
    loaded_at = models.DateTimeField("载入时间", auto_now=True)
    builtin = models.BooleanField("内置", default=False)
    # False: a reading the bureau may select for a run, never chosen by the as-of date
    chosen_by_date = models.BooleanField("按基准日自动采用", default=True)
    derived_from = models.CharField("派生自", max_length=40, blank=True, default="")

    class Meta:
        ordering = ["effective_from", "version"]
        verbose_name = verbose_name_plural = "资质标准版本"

    def __str__(self) -> str:
        return f"{self.title}（{self.version}）"


class CheckRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "比对中"
        DONE = "done", "已完成"

    as_of = models.DateField("比对基准日")
    standard = models.ForeignKey(StandardVersion, verbose_name="标准版本", on_delete=models.PROTECT)
    standard_sha256 = models.CharField("标准数据摘要", max_length=64)
    what_if = models.BooleanField("试算（不立案）", default=False)
    district = models.ForeignKey(
        "accounts.District",
        verbose_name="范围",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        to_field="code",
        db_column="district_code",
    )
    batch_ids = models.JSONField("读取的导入批次", default=list)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.RUNNING)
    enterprises_compared = models.IntegerField("比对企业数", default=0)
    qualifications_compared = models.IntegerField("比对资质数", default=0)
    enterprises_flagged = models.IntegerField("异常企业数", default=0)
    findings_count = models.IntegerField("不符合项数", default=0)
    # {"compared", "met", "unmet", "no_requirement", "unknown_name"}: held qualifications
    coverage = models.JSONField("比对覆盖", default=dict)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "比对批次"

    def __str__(self) -> str:
        return f"比对 #{self.pk}（{self.as_of}）"

    def coverage_sentence(self) -> str:
        c = self.coverage or {}
        return (
            f"比对资质 {c.get('compared', 0)} 项，其中无人员指标 {c.get('no_requirement', 0)} 项，"
            f"名称无法识别 {c.get('unknown_name', 0)} 项"
        )


class RunCoverage(models.Model):
    """How many held qualifications of one name, in one district, a run judged each way."""

    class Kind(models.TextChoices):
        MET = "met", "符合"
        UNMET = "unmet", "不符合"
        NO_REQUIREMENT = "no_requirement", "未比对：本版本无人员指标"
        UNKNOWN_NAME = "unknown_name", "未比对：资质名称无法识别"

    run = models.ForeignKey(CheckRun, on_delete=models.PROTECT, related_name="coverage_rows")
    district_code = models.CharField("区划代码", max_length=6)
    qualification = models.CharField("资质", max_length=60)
    kind = models.CharField("比对结果", max_length=20, choices=Kind.choices)
    count = models.IntegerField("资质数")

    class Meta:
        ordering = ["qualification", "district_code", "kind"]
        verbose_name = verbose_name_plural = "比对覆盖"
        indexes = [models.Index(fields=["run", "kind"])]


class Finding(models.Model):
    """One unmet requirement of one qualification of one enterprise (CONTRACT.md §4)."""

    run = models.ForeignKey(CheckRun, on_delete=models.PROTECT, related_name="findings")
    uscc = models.CharField("统一社会信用代码", max_length=18)
    enterprise_name = models.CharField("企业名称", max_length=200)
    district_code = models.CharField("区划代码", max_length=6)
    qualification = models.CharField("资质", max_length=60)
    rule_id = models.CharField("规则编号", max_length=80)
    requirement = models.CharField("标准要求", max_length=300)
    required = models.IntegerField("要求人数")
    counted = models.IntegerField("符合人数")
    # the requirement's value has one public source only (DOMAIN.md †): say so wherever shown
    unconfirmed = models.BooleanField("数值待核实", default=False)
    clause = models.CharField("条款", max_length=300, blank=True, default="")

    class Meta:
        ordering = ["district_code", "uscc", "qualification", "rule_id"]
        verbose_name = verbose_name_plural = "不符合项"
        indexes = [
            models.Index(fields=["run", "district_code"]),
            models.Index(fields=["run", "uscc"]),
        ]


class FindingPerson(models.Model):
    """A person behind a finding's numbers: counted (reason empty) or excluded with the reason."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="people")
    id_number = models.CharField("身份证号", max_length=18)
    name = models.CharField("姓名", max_length=50)
    reason = models.CharField("未计入原因", max_length=40, blank=True, default="")

    class Meta:
        ordering = ["reason", "id_number"]
        verbose_name = verbose_name_plural = "比对人员"
        indexes = [models.Index(fields=["finding"])]


class RegistrationFact(models.Model):
    """One current registration, judged by the person alone (services/facts.py): derived
    from the registry, kept up to date by each import, read by every run."""

    registration_id = models.IntegerField()
    id_number = models.CharField(max_length=18)
    name = models.CharField(max_length=50)
    uscc = models.CharField(max_length=18)
    level = models.PositiveSmallIntegerField()
    specialties = models.CharField(max_length=200)
    valid_until = models.DateField()
    birth = models.CharField(max_length=8)  # YYYYMMDD from the ID number
    elsewhere = models.BooleanField()  # also registered with another enterprise
    si_uscc = models.CharField(max_length=18, null=True)
    si_month = models.CharField(max_length=7, null=True)
    # not elsewhere, and insured by the enterprise it is registered with (when insurance
    # data is loaded, the only people who may count)
    clean = models.BooleanField()

    class Meta:
        verbose_name = verbose_name_plural = "注册人员比对要素"
        indexes = [models.Index(fields=["uscc"])]


class FactsState(models.Model):
    """Which import batches the registration facts reflect."""

    built = models.BooleanField(default=False)
    batches = models.JSONField(default=list)
    # the distinct [level, specialties] registered: what a run judges against requirements
    held = models.JSONField(default=list)
