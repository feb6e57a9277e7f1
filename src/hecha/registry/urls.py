from django.urls import path

from hecha.registry import views

app_name = "registry"

urlpatterns = [
    path("enterprises/", views.enterprise_list, name="enterprises"),
    path("enterprises/<str:uscc>/", views.enterprise_detail, name="enterprise"),
    path("imports/", views.imports, name="imports"),
    path("imports/jobs/<str:token>/", views.import_job, name="import_job"),
    path("imports/jobs/<str:token>/errors.xlsx", views.import_errors, name="import_errors"),
    path("imports/templates/<str:table>.xlsx", views.import_template, name="import_template"),
]
