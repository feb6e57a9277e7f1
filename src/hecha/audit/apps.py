from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hecha.audit"
    verbose_name = "审计记录"
