from django.contrib import admin
from django.urls import include, path

from hecha import charts, health, views
from hecha.api import api

admin.site.site_header = admin.site.site_title = "核查 · 系统管理"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("", views.home, name="home"),
    path("charts/", charts.charts_page, name="charts"),  # desk-lists
    path("charts/dashboard/", charts.dashboard_charts, name="dashboard_charts"),  # desk-lists
    path("admin/", admin.site.urls),
    path("accounts/", include("hecha.accounts.urls")),
    path("api/", api.urls),
    path("", include("hecha.registry.urls")),
    path("", include("hecha.checks.urls")),
    path("", include("hecha.cases.urls")),
    path("", include("hecha.documents.urls")),
    # -- ops: health check (no login)
    path("healthz", health.healthz, name="healthz"),
    # -- end ops
]

# -- ops: the machine's faults (full disk, unusable HECHA_HOME, database) answer 503 in Chinese
handler500 = "hecha.faultpages.server_error"
# -- end ops
