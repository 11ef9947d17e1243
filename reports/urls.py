from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_job_list, name="job-list"),
    path("<int:pk>/", views.report_job_detail, name="job-detail"),
    path("<int:pk>/state/", views.report_job_state, name="job-state"),
    path("<int:pk>/download/", views.report_job_download, name="job-download"),
    path("<int:pk>/annex/", views.report_job_annex, name="job-annex"),
    path("progress/<int:pk>/pdf/", views.progress_report_pdf, name="progress-report-pdf"),
    path("term-reports/", views.term_report_list, name="term-report-list"),
    path("term-reports/draft/", views.term_report_draft, name="term-report-draft"),
    path("term-reports/<int:pk>/", views.term_report_detail, name="term-report-detail"),
    path("term-reports/<int:pk>/edit/", views.term_report_edit, name="term-report-edit"),
    path("term-reports/<int:pk>/refresh/", views.term_report_refresh, name="term-report-refresh"),
    path("term-reports/<int:pk>/present/", views.term_report_present, name="term-report-present"),
    path("term-reports/<int:pk>/archive/", views.term_report_archive, name="term-report-archive"),
]
