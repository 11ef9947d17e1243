from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_job_list, name="job-list"),
    path("<int:pk>/", views.report_job_detail, name="job-detail"),
    path("<int:pk>/state/", views.report_job_state, name="job-state"),
    path("<int:pk>/download/", views.report_job_download, name="job-download"),
    path("progress/<int:pk>/pdf/", views.progress_report_pdf, name="progress-report-pdf"),
]
