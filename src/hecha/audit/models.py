"""The append-only, hash-chained record of every change (STYLE.md §7).

Each entry's `hash` is the HMAC-SHA256, under a key kept outside the database, of the
previous entry's hash and this entry's canonical content; database triggers refuse UPDATE
and DELETE, signed checkpoints outside the database remember the head, and `hecha audit
verify` recomputes the chain and compares it with them, so an entry edited, deleted or
re-signed behind the application's back is found (hecha.audit.services).
"""

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    seq = models.BigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_constraint=False,
    )
    actor_name = models.CharField("操作人名称", max_length=150, blank=True, default="")
    action = models.CharField("操作", max_length=60)  # namespaced code: "registry.imported"
    object_type = models.CharField("对象类型", max_length=40, blank=True, default="")
    object_id = models.CharField("对象编号", max_length=60, blank=True, default="")
    district_code = models.CharField("区划代码", max_length=6, blank=True, default="")
    data = models.JSONField("数据", default=dict)
    prev_hash = models.CharField("前一条摘要", max_length=64)
    hash = models.CharField("摘要", max_length=64, unique=True)
    # fingerprint of the key that signed the entry; empty: written before the chain was keyed
    key_id = models.CharField("签名密钥", max_length=16, blank=True, default="")

    class Meta:
        ordering = ["seq"]
        verbose_name = verbose_name_plural = "审计记录"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"
