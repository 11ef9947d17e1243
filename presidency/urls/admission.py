"""/presidency/admissions/: the list, one admission, a country's membership history, and the
forms to invite, admit, decline and withdraw (names prefixed `admission-`)."""

from django.urls import path

from presidency.views import admission as views

urlpatterns = [
    path("", views.admission_list, name="admission-list"),
    path("new/", views.admission_create, name="admission-create"),
    path("<int:pk>/", views.admission_detail, name="admission-detail"),
    path("<int:pk>/admit/", views.admission_admit, name="admission-admit"),
    path("<int:pk>/decline/", views.admission_decline, name="admission-decline"),
    path("<int:pk>/withdraw/", views.admission_withdraw, name="admission-withdraw"),
    path("<int:pk>/letter/", views.admission_letter, name="admission-letter"),
    path("countries/<str:iso>/", views.admission_country, name="admission-country"),
]
