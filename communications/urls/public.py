"""ST's management of the public pages' posts (issue 18), mounted at /public-pages/. The
public pages themselves are portal.public_urls."""

from django.urls import path

from communications.views import public as views

app_name = "posts"
urlpatterns = [
    path("", views.post_list, name="list"),
    path("new/", views.post_create, name="create"),
    path("<int:pk>/", views.post_detail, name="detail"),
    path("<int:pk>/edit/", views.post_edit, name="edit"),
    path("<int:pk>/publish/", views.post_publish, name="publish"),
    path("<int:pk>/unpublish/", views.post_unpublish, name="unpublish"),
]
