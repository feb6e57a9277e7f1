"""Users, their roles and the districts they are bound to."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models


class District(models.Model):
    """A 区、县（市） of the city; loaded from data by `hecha init`."""

    code = models.CharField("区划代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=50)
    city = models.CharField("所属城市", max_length=50, default="沈阳市")

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "区县"

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Role(models.TextChoices):
    DISTRICT_OFFICER = "district_officer", "区县执法人员"
    DISTRICT_LEAD = "district_lead", "区县负责人"
    CITY_REVIEWER = "city_reviewer", "市局核查人员"
    CITY_LEAD = "city_lead", "市局负责人"
    ADMIN = "admin", "系统管理员"


DISTRICT_ROLES = frozenset({Role.DISTRICT_OFFICER, Role.DISTRICT_LEAD})


class User(AbstractUser):
    # A Chinese name is one field: the whole name is kept here (the column is Django's
    # last_name), labelled 姓名; first_name stays empty and is not offered.
    last_name = models.CharField("姓名", max_length=150, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    district = models.ForeignKey(
        District, verbose_name="所属区县", null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                name="district_role_has_district",
                condition=(
                    ~models.Q(role__in=["district_officer", "district_lead"])
                    | models.Q(district__isnull=False)
                ),
            )
        ]

    @property
    def is_district_user(self) -> bool:
        return self.role in DISTRICT_ROLES

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 is stored, the token itself is shown once. It
    answers until it expires or is revoked (admin, or `hecha user token NAME --revoke`)."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    expires_at = models.DateTimeField("有效期至")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "API 令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user.username} 的令牌（{self.digest[:8]}…）"

    @property
    def state(self) -> str:
        from django.utils import timezone

        if self.revoked_at:
            return "已吊销"
        return "已过期" if self.expires_at <= timezone.now() else "有效"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def new_token(cls) -> str:
        return "hch_" + secrets.token_urlsafe(32)


class Officer(models.Model):
    """An enforcement officer (执法人员) with their enforcement certificate (执法证)."""

    name = models.CharField("姓名", max_length=50)
    certificate_no = models.CharField("执法证号", max_length=50, unique=True)
    valid_from = models.DateField("执法证有效期起")
    valid_until = models.DateField("执法证有效期至")
    district = models.ForeignKey(
        District,
        verbose_name="所属区县",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="市局执法人员留空",
    )
    user = models.OneToOneField(
        User, verbose_name="对应用户", null=True, blank=True, on_delete=models.SET_NULL
    )
    active = models.BooleanField("在岗", default=True)

    class Meta:
        ordering = ["district__code", "name"]
        verbose_name = verbose_name_plural = "执法人员"
        constraints = [
            models.CheckConstraint(
                name="certificate_dates_in_order",
                condition=models.Q(valid_from__lte=models.F("valid_until")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_no}）"

    def as_core(self):
        from hecha.workflow.procedure import Officer as CoreOfficer

        return CoreOfficer(
            id=self.pk,
            name=self.name,
            certificate_no=self.certificate_no,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            district_code=self.district.code if self.district_id else None,
        )
