from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "hecha.documents"
    verbose_name = "文书"
