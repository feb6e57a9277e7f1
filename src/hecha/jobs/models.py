"""A job started from a page, and the leases that let one of many servers run a task."""

from django.conf import settings
from django.db import models


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        REFUSED = "refused", "未执行（输入有误）"
        FAILED = "failed", "失败"

    token = models.CharField(max_length=32, unique=True)
    kind = models.CharField("任务种类", max_length=20)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    stage = models.CharField("阶段", max_length=200, default="等待开始")
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    work = models.CharField(max_length=200)  # dotted path of the function that does the work
    params = models.JSONField(default=dict)
    info = models.JSONField(default=dict)  # shown on the page while it runs
    result = models.JSONField(default=dict)
    problems = models.JSONField(default=list)
    problem_count = models.IntegerField(default=0)
    reason = models.CharField("失败原因", max_length=300, blank=True, default="")
    upload = models.CharField(max_length=300, blank=True, default="")  # a folder in storage
    host = models.CharField(max_length=100, blank=True, default="")
    pid = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "后台任务"
        indexes = [models.Index(fields=["state", "heartbeat_at"], name="jobs_state_heartbeat")]

    def __str__(self) -> str:
        return f"{self.kind} {self.token} ({self.state})"


class Lease(models.Model):
    """A named lease: whoever moves `until` forward from the past holds it until then
    (the hourly sweep across every server; the consumers' sign of life)."""

    name = models.CharField(max_length=50, primary_key=True)
    holder = models.CharField(max_length=100, blank=True, default="")
    until = models.DateTimeField()
    taken = models.PositiveIntegerField(default=0)  # how often it was taken

    class Meta:
        verbose_name = verbose_name_plural = "任务租约"
