from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/convene/", views.meeting_convene, name="convene"),
    path("<int:pk>/status/", views.meeting_transition, name="transition"),
    path("<int:pk>/calendar.ics", views.meeting_ics_download, name="ics"),
    path("<int:pk>/agenda/new/", views.agenda_item_create, name="agenda-item-create"),
    path("<int:pk>/agenda/approve/", views.agenda_approve, name="agenda-approve"),
    path("<int:pk>/documents/new/", views.document_upload, name="document-upload"),
    path("documents/<int:pk>/", views.document_download, name="document-download"),
    path("<int:pk>/attendance/", views.attendance_record, name="attendance"),
    path("attendance/<int:pk>/depart/", views.attendance_depart, name="attendance-depart"),
    path("attendance/<int:pk>/accredit/", views.attendance_accredit, name="attendance-accredit"),
    path("<int:pk>/quorum/", views.quorum_partial, name="quorum"),
    path("<int:pk>/quorum/verify/", views.quorum_verify, name="quorum-verify"),
    path("<int:pk>/motions/new/", views.motion_create, name="motion-create"),
    path("motions/<int:pk>/vote/", views.vote_screen, name="vote"),
    path("motions/<int:pk>/<str:action>/", views.motion_action, name="motion-action"),
    path("<int:pk>/country-report/", views.country_report, name="country-report"),
    path("reports/<int:pk>/", views.country_report_download, name="country-report-download"),
    path("<int:pk>/minutes/", views.minutes_detail, name="minutes"),
    path("<int:pk>/minutes/generate/", views.minutes_generate, name="minutes-generate"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf_download, name="minutes-pdf"),
    path("minutes/", views.minutes_archive, name="minutes-archive"),
    path("rsvp/<uuid:token>/", views.rsvp, name="rsvp"),
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement-edit"),
    path("follow-ups/<int:pk>/evidence/", views.follow_up_evidence, name="follow-up-evidence"),
]
