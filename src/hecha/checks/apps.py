from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "hecha.checks"
    verbose_name = "系统自动比对"
