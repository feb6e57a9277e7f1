from django.urls import path

from hecha.cases import views

app_name = "cases"

urlpatterns = [
    path("cases/", views.case_list, name="cases"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/steps/<str:step>/", views.case_step, name="step"),
    path("cases/<int:case_id>/evidence/", views.case_evidence, name="evidence"),
    path("cases/<int:case_id>/assignee/", views.case_assignee, name="assignee"),
    path(
        "cases/<int:case_id>/evidence/<int:evidence_id>/", views.evidence_file, name="evidence_file"
    ),
    path("cases/submit/", views.submit, name="submit"),
    path("cases/notices/", views.batch_notices, name="batch_notices"),
    path("cases/notices/notices.zip", views.batch_notices_zip, name="batch_notices_zip"),
    path("cases/overdue-list/", views.overdue_list, name="overdue_list"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("submissions/", views.submissions, name="submissions"),
    path("mailing/", views.mailing, name="mailing"),
    path("mailing/sheet.xlsx", views.mailing_sheet, name="mailing_sheet"),
    path("announcements/", views.announcements, name="announcements"),
    path("public/announcements/", views.public_announcements, name="public_announcements"),
    path("public/restrictions/", views.public_restrictions, name="public_restrictions"),
]
