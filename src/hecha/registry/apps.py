from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "hecha.registry"
    verbose_name = "企业与人员数据"
