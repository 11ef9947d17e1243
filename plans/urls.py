from django.urls import path

from plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_overview, name="overview"),
    path("axes/<int:number>/", views.axis_detail, name="axis-detail"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator-detail"),
    path(
        "indicators/<int:pk>/measurements/new/",
        views.measurement_create,
        name="measurement-create",
    ),
    path("poa/<int:year>/", views.poa_matrix, name="poa-matrix"),
    path("poa/<int:year>/copy/", views.poa_copy, name="poa-copy"),
    path("poa/<int:year>/approve/", views.poa_approve, name="poa-approve"),
    path(
        "poa/<int:year>/activities/<str:code>/",
        views.activity_detail,
        name="activity-detail",
    ),
    path(
        "poa/<int:year>/activities/<str:code>/edit/",
        views.activity_edit,
        name="activity-edit",
    ),
    path("edit/<str:level>/<int:pk>/", views.item_edit, name="item-edit"),
    path("weights/<str:level>/<int:pk>/", views.weights_edit, name="weights-edit"),
    # The plan's evidence records (issue #6)
    path("records/", views.records_index, name="records"),
    path("records/instruments/", views.instrument_list, name="instrument-list"),
    path("records/instruments/new/", views.instrument_create, name="instrument-create"),
    path("records/instruments/<int:pk>/", views.instrument_detail, name="instrument-detail"),
    path("records/instruments/<int:pk>/edit/", views.instrument_edit, name="instrument-edit"),
    path("records/instruments/<int:pk>/stages/new/", views.stage_create, name="stage-create"),
    path("records/stages/<int:pk>/edit/", views.stage_edit, name="stage-edit"),
    path("records/practices/", views.practice_list, name="practice-list"),
    path("records/practices/new/", views.practice_create, name="practice-create"),
    path("records/practices/<int:pk>/", views.practice_detail, name="practice-detail"),
    path("records/practices/<int:pk>/edit/", views.practice_edit, name="practice-edit"),
    path(
        "records/practices/<int:pk>/replications/new/",
        views.replication_create,
        name="replication-create",
    ),
    path("records/replications/<int:pk>/edit/", views.replication_edit, name="replication-edit"),
    path("records/actors/", views.actor_list, name="actor-list"),
    path("records/actors/new/", views.actor_create, name="actor-create"),
    path("records/actors/<int:pk>/", views.actor_detail, name="actor-detail"),
    path("records/actors/<int:pk>/edit/", views.actor_edit, name="actor-edit"),
    path("records/alliances/", views.alliance_list, name="alliance-list"),
    path("records/alliances/new/", views.alliance_create, name="alliance-create"),
    path("records/alliances/<int:pk>/", views.alliance_detail, name="alliance-detail"),
    path("records/alliances/<int:pk>/edit/", views.alliance_edit, name="alliance-edit"),
    path("records/joint-actions/", views.joint_action_list, name="joint-action-list"),
    path("records/joint-actions/new/", views.joint_action_create, name="joint-action-create"),
    path("records/joint-actions/<int:pk>/", views.joint_action_detail, name="joint-action-detail"),
    path("records/joint-actions/<int:pk>/edit/", views.joint_action_edit, name="joint-action-edit"),
    path("records/<str:kind>/<int:pk>/validate/", views.record_validate, name="record-validate"),
    path("records/<str:kind>/<int:pk>/evidence/", views.record_evidence, name="record-evidence"),
]
