"""URLs of comunicados (issue 18), mounted at /communiques/."""

from django.urls import path

from communications.views import communiques as views

app_name = "communiques"
urlpatterns = [
    path("", views.communique_list, name="list"),
    path("inbox/", views.communique_inbox, name="inbox"),
    path("new/", views.communique_create, name="create"),
    path("<int:pk>/", views.communique_detail, name="detail"),
    path("<int:pk>/edit/", views.communique_edit, name="edit"),
    path("<int:pk>/send/", views.communique_send, name="send"),
    path("<int:pk>/acknowledge/", views.communique_acknowledge, name="acknowledge"),
    path("<int:pk>/remind/", views.communique_remind, name="remind"),
    path("<int:pk>/recipients/", views.communique_recipients, name="recipients"),
]
