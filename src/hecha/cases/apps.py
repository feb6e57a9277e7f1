from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "hecha.cases"
    verbose_name = "核查案件"
