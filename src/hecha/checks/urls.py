from django.urls import path

from hecha.checks import views, views_standards

app_name = "checks"

urlpatterns = [
    path("checks/", views.run_list, name="runs"),
    path("checks/<int:run_id>/", views.run_detail, name="run"),
    path("checks/jobs/<str:token>/", views.run_job, name="run_job"),
    path("checks/<int:run_id>/findings/", views.finding_list, name="findings"),
    path("checks/<int:run_id>/findings.<str:fmt>", views.finding_export, name="export"),
    path(
        "checks/<int:run_id>/enterprises/<str:uscc>/",
        views.enterprise_explanation,
        name="enterprise",
    ),
    path("standards/", views_standards.standard_list, name="standards"),
    path("standards/compare/", views_standards.standard_compare, name="standard_compare"),
    path("standards/<str:version>/", views_standards.standard_detail, name="standard"),
    path(
        "standards/<str:version>/correct/",
        views_standards.standard_correct,
        name="standard_correct",
    ),
    path(
        "standards/<str:version>/publish/",
        views_standards.standard_publish,
        name="standard_publish",
    ),
]
