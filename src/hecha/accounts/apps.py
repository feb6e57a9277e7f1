from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hecha.accounts"
    verbose_name = "用户与区县"
