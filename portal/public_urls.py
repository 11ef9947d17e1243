"""The coalition's public pages (issue 18): news, statements, events, publications, the
agreements the Plenary made public, the Atom feed and the sitemap."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from portal import public as views

app_name = "public"
urlpatterns = [
    path("news/", views.news_list, name="news"),
    path("news/feed/", views.NewsFeed(), name="news-feed"),
    path("news/<slug:slug>/", views.news_detail, name="news-detail"),
    path("events/", views.events, name="events"),
    path("events/<slug:slug>/", views.news_detail, name="event-detail"),
    path("publications/", views.publications, name="publications"),
    path("agreements/public/", views.agreements, name="agreements"),
    path(
        "agreements/public/<int:pk>/make-public/",
        views.agreement_make_public,
        name="agreement-make-public",
    ),
    path(
        "agreements/public/<int:pk>/withdraw/",
        views.agreement_withdraw_public,
        name="agreement-withdraw-public",
    ),
    path("sitemap.xml", sitemap, {"sitemaps": views.SITEMAPS}, name="sitemap"),
]
