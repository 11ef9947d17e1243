from django.urls import path

from monitoring import views
from monitoring.views import publication
from monitoring.views.tracking import indicator_tracking, indicator_tracking_export

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("inbox/", views.inbox, name="inbox"),
    path("indicators/tracking/", indicator_tracking, name="indicator-tracking"),
    path(
        "indicators/tracking/export/", indicator_tracking_export, name="indicator-tracking-export"
    ),
    path("periods/", views.period_list, name="period-list"),
    path("periods/<int:pk>/", views.period_detail, name="period-detail"),
    path("periods/<int:pk>/close/", views.period_close, name="period-close"),
    path("periods/<int:pk>/due/", views.period_due, name="period-due"),
    path("periods/<int:pk>/matrix/", views.matrix_export, name="matrix-export"),
    path("periods/<int:pk>/publish/", publication.period_publish, name="period-publish"),
    path("periods/<int:pk>/unpublish/", publication.period_unpublish, name="period-unpublish"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report-edit"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report-submit"),
    path("reports/<int:pk>/review/", views.report_review, name="report-review"),
    path("reports/<int:pk>/reopen/", views.report_reopen, name="report-reopen"),
    path("reports/<int:pk>/history/", views.report_history, name="report-history"),
    path("reports/<int:pk>/export/", views.report_export, name="report-export"),
    path("reports/<int:pk>/import/", views.report_import, name="report-import"),
    path("rows/<int:pk>/evidence/", views.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence-remove"),
]
