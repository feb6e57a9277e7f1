"""Campaigns (核查批次) and cases (核查案件): one case per flagged enterprise, carried through
the statutory procedure of `hecha.workflow`. Every change goes through `services` and is on
the audit trail; the case's history is read from there."""

from django.conf import settings
from django.db import models

from hecha.workflow.stages import CLOSED, STAGE_LABELS, Stage
from hecha.workflow.vocabulary import CONTACT_OUTCOMES, RECHECK_RESULTS

STAGE_CHOICES = [(s.value, STAGE_LABELS[s]) for s in Stage]


class Campaign(models.Model):
    name = models.CharField("名称", max_length=100)
    run = models.ForeignKey("checks.CheckRun", verbose_name="比对批次", on_delete=models.PROTECT)
    # the district a district lead opened it for; empty: opened by the city for every district
    district = models.ForeignKey(
        "accounts.District", verbose_name="范围", null=True, blank=True, on_delete=models.PROTECT,
        to_field="code", related_name="+",
    )  # fmt: skip
    # flagged enterprises not opened because a case of theirs is still open:
    # [{"uscc", "enterprise_name", "district_code", "case", "new_rules": [...]}]
    skipped = models.JSONField("未立案（已在核查中）", default=list)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT
    )
    opened_at = models.DateTimeField("发起时间", auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "核查批次"

    def __str__(self) -> str:
        return self.name


class Submission(models.Model):
    """A district's submission of its anomalous-enterprise list to the city (报送)."""

    district = models.ForeignKey("accounts.District", on_delete=models.PROTECT, to_field="code")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    rows = models.JSONField("清单", default=list)
    sha256 = models.CharField("清单摘要", max_length=64)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "区县报送"


class MailingBatch(models.Model):
    """One EMS mailing by the city (邮寄批次)."""

    class Kind(models.TextChoices):
        NOTICES = "notices", "整改通知书"
        REVOCATION = "revocation", "撤回告知书"

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.NOTICES)
    mailed_on = models.DateField("邮寄日期")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "邮寄批次"


class Announcement(models.Model):
    """A public announcement on the bureau's website (公告)."""

    class Kind(models.TextChoices):
        UNREACHABLE = "unreachable", "失联企业送达公告"
        REVOCATION = "revocation", "撤回资质告知公告"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    published_on = models.DateField("公告日期")
    rows = models.JSONField("企业清单", default=list)
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "公告"


class OverdueList(models.Model):
    """A district's 逾期整改未达标企业清单, signed by two officers and submitted to the city: the
    city's second re-check starts from it."""

    district = models.ForeignKey("accounts.District", on_delete=models.PROTECT, to_field="code")
    officer_a = models.ForeignKey("accounts.Officer", on_delete=models.PROTECT, related_name="+")
    officer_b = models.ForeignKey("accounts.Officer", on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField("出具日期")
    rows = models.JSONField("清单", default=list)
    sha256 = models.CharField("清单摘要", max_length=64)
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "逾期整改未达标企业清单"


class Case(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="cases")
    uscc = models.CharField("统一社会信用代码", max_length=18)
    enterprise_name = models.CharField("企业名称", max_length=200)
    district = models.ForeignKey(
        "accounts.District",
        to_field="code",
        db_column="district_code",
        on_delete=models.PROTECT,
        verbose_name="区县",
    )
    stage = models.CharField("阶段", max_length=24, choices=STAGE_CHOICES, default="flagged")
    version = models.PositiveIntegerField(default=0)  # bumped by every step: stale forms fail
    # the next step due, by when, on what basis (workflow.next_step)
    deadline = models.DateField("期限", null=True, blank=True)
    deadline_basis = models.CharField("期限依据", max_length=200, blank=True, default="")
    next_step = models.CharField("下一步", max_length=60, blank=True, default="")
    owed_by = models.CharField("责任方", max_length=10, blank=True, default="")
    deadline_provisional = models.BooleanField(default=False)
    # facts of the procedure
    notices_on = models.DateField(null=True, blank=True)
    officer_a = models.ForeignKey(
        "accounts.Officer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    officer_b = models.ForeignKey(
        "accounts.Officer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contacted_on = models.DateField(null=True, blank=True)
    contact_outcome = models.CharField(
        "电话告知结果",
        max_length=12,
        blank=True,
        default="",
        choices=list(CONTACT_OUTCOMES.items()),
    )
    mailing_address = models.CharField("邮寄地址", max_length=300, blank=True, default="")
    # false: nobody confirmed the address on the phone; it is the address the registry holds
    address_checked = models.BooleanField("邮寄地址经电话核对", default=False)
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    submitted_on = models.DateField(null=True, blank=True)
    mailing = models.ForeignKey(
        MailingBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    mailed_on = models.DateField(null=True, blank=True)
    tracking_no = models.CharField("邮件号", max_length=40, blank=True, default="")
    signed_on = models.DateField("签收日期", null=True, blank=True)
    returned_on = models.DateField("退件日期", null=True, blank=True)
    announcement = models.ForeignKey(
        Announcement, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    announced_on = models.DateField(null=True, blank=True)
    deemed_served_on = models.DateField(null=True, blank=True)
    served_on = models.DateField("送达日期", null=True, blank=True)
    rectification_until = models.DateField("整改期限", null=True, blank=True)
    district_rechecked_on = models.DateField(null=True, blank=True)
    # the district re-check: the comparison after the period it rests on, what it found, and
    # the two officers who signed it
    recheck_run = models.ForeignKey(
        "checks.CheckRun", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="复查所依据的比对",
    )  # fmt: skip
    recheck_result = models.CharField(
        "复查比对结果", max_length=12, blank=True, default="", choices=list(RECHECK_RESULTS.items())
    )
    recheck_officer_a = models.ForeignKey(
        "accounts.Officer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recheck_officer_b = models.ForeignKey(
        "accounts.Officer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    overdue_list = models.ForeignKey(
        OverdueList, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    city_rechecked_on = models.DateField(null=True, blank=True)
    revocation_mailed_on = models.DateField(null=True, blank=True)
    revocation_tracking_no = models.CharField(max_length=40, blank=True, default="")
    revocation_announced_on = models.DateField(null=True, blank=True)
    revocation_served_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    close_reason = models.CharField("结案说明", max_length=300, blank=True, default="")
    close_reason_code = models.CharField("撤销理由", max_length=30, blank=True, default="")
    # the bureau's policy on compliance after the period, as it stood when it decided this case
    late_compliance_policy = models.CharField(
        "期满后达标的处理", max_length=20, blank=True, default=""
    )
    # 承办人: the officer who issued the notices, changed by a lead (services.assign_case)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="assigned_cases",
    )  # fmt: skip
    # the deadline a reminder was last mailed for (one reminder per case per deadline)
    reminded_for = models.DateField("已提醒的期限", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["district_id", "uscc"]
        verbose_name = verbose_name_plural = "核查案件"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "uscc"], name="one_case_per_enterprise"),
            # two campaigns never carry one enterprise through the procedure at once
            models.UniqueConstraint(
                fields=["uscc"],
                condition=~models.Q(stage__in=sorted(s.value for s in CLOSED)),
                name="one_open_case_per_enterprise",
            ),
        ]
        indexes = [models.Index(fields=["stage"]), models.Index(fields=["uscc"])]

    def __str__(self) -> str:
        return f"{self.enterprise_name}（{self.get_stage_display()}）"

    @property
    def stage_enum(self) -> Stage:
        return Stage(self.stage)


class PhoneCall(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="calls")
    called_at = models.DateField("通话日期")
    outcome = models.CharField(
        "通话结果", max_length=12, default="informed", choices=list(CONTACT_OUTCOMES.items())
    )
    answered_by = models.CharField("接听人", max_length=50, blank=True, default="")
    result = models.CharField("通话情况", max_length=300, blank=True, default="")
    mailing_address = models.CharField("核对后的邮寄地址", max_length=300)
    address_corrected = models.BooleanField("地址已更正", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)


class Recheck(models.Model):
    class Level(models.TextChoices):
        DISTRICT = "district", "区县复查"
        CITY = "city", "市局二次复查"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="rechecks")
    level = models.CharField(max_length=10, choices=Level.choices)
    conclusion = models.CharField("复查结论", max_length=300)
    form = models.JSONField("复查表", default=dict)
    run = models.ForeignKey("checks.CheckRun", null=True, on_delete=models.PROTECT)
    result = models.CharField(
        "比对结果", max_length=12, blank=True, default="", choices=list(RECHECK_RESULTS.items())
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)


class Statement(models.Model):
    """The enterprise's statements and defence (陈述、申辩) or hearing request after the notice of
    intended revocation, and the city's response to it."""

    class Kind(models.TextChoices):
        STATEMENT = "statement", "陈述、申辩"
        HEARING = "hearing", "听证申请"

    class Response(models.TextChoices):
        UPHELD = "upheld", "理由不成立，维持拟撤回决定"
        ACCEPTED = "accepted", "理由成立，不予撤回"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="statements")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    received_on = models.DateField("收到日期")
    summary = models.CharField("主要内容", max_length=1000)
    within_period = models.BooleanField("在陈述申辩期限内", default=True)
    period_until = models.DateField("陈述申辩期限")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    response = models.CharField("市局复核意见", max_length=1000, blank=True, default="")
    response_outcome = models.CharField(
        "复核结论", max_length=10, blank=True, default="", choices=Response.choices
    )
    responded_on = models.DateField("答复日期", null=True, blank=True)
    hearing_held_on = models.DateField("听证日期", null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = verbose_name_plural = "陈述申辩"


class EvidenceFile(models.Model):
    """A dated screenshot or document for a re-check; type checked from the content."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence")
    original_name = models.CharField(max_length=200)
    stored_as = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    shown_date = models.DateField("截图显示日期")
    purpose = models.CharField(
        "用途", max_length=12, default="recheck",
        choices=[("recheck", "复查证据"), ("withdrawal", "撤销核查的证明材料")],
    )  # fmt: skip
    note = models.CharField("说明", max_length=200, blank=True, default="")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)
