from django.urls import URLPattern, path

from plans import views
from plans.views.targets import indicator_targets, target_edit

app_name = "plans"


def record_pages(segment: str, list_view, create_view, detail_view, edit_view) -> list[URLPattern]:
    """The four pages every kind of record has, under records/<segment>/ and named after the
    views' kind: plans:<kind>-list, -create, -detail and -edit (plans.views.records reverses
    these names from the kind)."""
    kind = list_view.kind
    return [
        path(f"records/{segment}/", list_view.as_view(), name=f"{kind}-list"),
        path(f"records/{segment}/new/", create_view.as_view(), name=f"{kind}-create"),
        path(f"records/{segment}/<int:pk>/", detail_view.as_view(), name=f"{kind}-detail"),
        path(f"records/{segment}/<int:pk>/edit/", edit_view.as_view(), name=f"{kind}-edit"),
    ]


urlpatterns = [
    path("", views.plan_overview, name="overview"),
    path("axes/<int:number>/", views.axis_detail, name="axis-detail"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator-detail"),
    path(
        "indicators/<int:pk>/measurements/new/",
        views.measurement_create,
        name="measurement-create",
    ),
    path("indicators/<int:pk>/targets/", indicator_targets, name="indicator-targets"),
    path("targets/<int:pk>/edit/", target_edit, name="target-edit"),
    path("poa/<int:year>/", views.poa_matrix, name="poa-matrix"),
    path("poa/<int:year>/copy/", views.poa_copy, name="poa-copy"),
    path("poa/<int:year>/approve/", views.poa_approve, name="poa-approve"),
    path("poa/<int:year>/reopen/", views.poa_reopen, name="poa-reopen"),
    path("poa/<int:year>/relock/", views.poa_relock, name="poa-relock"),
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
    *record_pages(
        "instruments",
        views.InstrumentList,
        views.InstrumentCreate,
        views.InstrumentDetail,
        views.InstrumentEdit,
    ),
    path(
        "records/instruments/<int:pk>/stages/new/", views.StageCreate.as_view(), name="stage-create"
    ),
    path("records/stages/<int:pk>/edit/", views.StageEdit.as_view(), name="stage-edit"),
    *record_pages(
        "practices",
        views.PracticeList,
        views.PracticeCreate,
        views.PracticeDetail,
        views.PracticeEdit,
    ),
    path(
        "records/practices/<int:pk>/replications/new/",
        views.ReplicationCreate.as_view(),
        name="replication-create",
    ),
    path(
        "records/replications/<int:pk>/edit/",
        views.ReplicationEdit.as_view(),
        name="replication-edit",
    ),
    *record_pages(
        "actors",
        views.ActorList,
        views.ActorCreate,
        views.ActorDetail,
        views.ActorEdit,
    ),
    *record_pages(
        "alliances",
        views.AllianceList,
        views.AllianceCreate,
        views.AllianceDetail,
        views.AllianceEdit,
    ),
    *record_pages(
        "joint-actions",
        views.JointActionList,
        views.JointActionCreate,
        views.JointActionDetail,
        views.JointActionEdit,
    ),
    path("records/<str:kind>/<int:pk>/validate/", views.record_validate, name="record-validate"),
    path("records/<str:kind>/<int:pk>/evidence/", views.record_evidence, name="record-evidence"),
]
