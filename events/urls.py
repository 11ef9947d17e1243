from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/convene/", views.event_convene, name="convene"),
    path("<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("<int:pk>/close/", views.event_close, name="close"),
    path("<int:pk>/agenda/new/", views.agenda_slot_create, name="agenda-create"),
    path("agenda/<int:pk>/edit/", views.agenda_slot_edit, name="agenda-edit"),
    path("agenda/<int:pk>/delete/", views.agenda_slot_delete, name="agenda-delete"),
    path("<int:pk>/actors/new/", views.actor_add, name="actor-add"),
    path("actors/<int:pk>/edit/", views.actor_edit, name="actor-edit"),
    path("actors/<int:pk>/remove/", views.actor_remove, name="actor-remove"),
    path("<int:pk>/participants/new/", views.participant_register, name="participant-register"),
    path("participants/<int:pk>/edit/", views.participant_edit, name="participant-edit"),
    path("participants/<int:pk>/sign-in/", views.desk_sign_in, name="sign-in"),
    path("participants/<int:pk>/sign-out/", views.desk_sign_out, name="sign-out"),
    path(
        "participants/<int:pk>/<str:action>/",
        views.participant_action,
        name="participant-action",
    ),
    path("<int:pk>/desk/", views.desk, name="desk"),
    path("participants/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("check-in/", views.check_in, name="check-in"),
    # --- working groups, documents, outputs (views/groups.py) ---
    # --- plan and budget, reports (views/budget.py) ---
]
