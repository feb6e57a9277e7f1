from django.urls import path

from hecha.documents import views

app_name = "documents"

urlpatterns = [
    path("documents/", views.document_list, name="list"),
    path("documents/<int:document_id>.<str:fmt>", views.document_file, name="file"),
    path("documents/mailings/<int:batch_id>.zip", views.mailing_zip, name="mailing_zip"),
    path("documents/templates/", views.templates, name="templates"),
    path(
        "documents/templates/<int:template_id>.<str:fmt>", views.template_file, name="template_file"
    ),
    path("verify/<str:code>", views.verify, name="verify"),
]
