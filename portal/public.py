"""The coalition's public pages (001 Coordinación 6; 003 §VIII ST 2), for anybody, signed in
or not: news and statements, events, publications (the archive's public documents), the
agreements the Plenary made public, an Atom feed of the news and the sitemap. Also ST's
button on an agreement to record the Plenary's decision to make it public.

What is public is decided by the selectors (communications.selectors.public: published
posts, public documents; meetings.selectors.public_agreements): a draft, a members' or a
restricted document, a restricted agreement never reaches these pages. Links that leave
the site (feed, sitemap) are on SITE_URL (common.links)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import DateInput, add_service_errors, add_version_field
from common.links import absolute_reverse
from common.versions import history_linked
from communications.models import PublicPost
from communications.selectors import public as posts
from meetings import selectors as meeting_selectors
from meetings import services as meeting_services
from meetings.models import Agreement
from members.permissions import ensure_secretariat
from members.requests import AuthenticatedRequest

PAGE_SIZE = 10
FEED_SIZE = 20


# --- Helpers ---------------------------------------------------------------------------


def _with_text(items):
    """Each post with the version the reader gets (communications.selectors.public.localized)."""
    language = get_language()
    for post in items:
        post.text = posts.localized(post, language)
        if post.document_id:
            post.document_url = post.document.get_absolute_url()
    return items


# --- Pages ------------------------------------------------------------------------------


def news_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(posts.public_news(), PAGE_SIZE).get_page(request.GET.get("page"))
    _with_text(page.object_list)
    return render(request, "portal/public/news_list.html", {"page": page})


def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        post = posts.published_post(slug=slug)
    except PublicPost.DoesNotExist as exc:
        raise Http404 from exc
    _with_text([post])
    return render(request, "portal/public/post_detail.html", {"post": post})


def events(request: HttpRequest) -> HttpResponse:
    listed = posts.public_events()
    _with_text(listed.upcoming)
    _with_text(listed.past)
    return render(request, "portal/public/events.html", {"events": listed})


def publications(request: HttpRequest) -> HttpResponse:
    page = Paginator(posts.public_documents(), PAGE_SIZE * 2).get_page(request.GET.get("page"))
    for document in page.object_list:
        document.url = document.get_absolute_url()
    return render(request, "portal/public/publications.html", {"page": page})


def agreements(request: HttpRequest) -> HttpResponse:
    page = Paginator(meeting_selectors.public_agreements(), PAGE_SIZE * 2).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/public/agreements.html", {"page": page})


# --- ST records the Plenary's decision on an agreement ------------------------------------


class MakePublicForm(forms.Form):
    decided_on = forms.DateField(
        label=gettext_lazy("Decided on"), widget=DateInput(), initial=timezone.localdate
    )
    reference = forms.CharField(
        label=gettext_lazy("Decision"),
        max_length=300,
        help_text=gettext_lazy(
            "The meeting or minutes where the Plenary decided to make it public."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_make_public(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    agreement = get_object_or_404(Agreement, pk=pk)
    form = MakePublicForm(request.POST or None)
    add_version_field(form, agreement)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            meeting_services.agreement_make_public(
                by=request.user,
                agreement=agreement,
                decided_on=data["decided_on"],
                reference=data["reference"],
                expected_version=data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, history_linked(error, agreement))
        else:
            messages.success(request, _("The agreement is on the public pages."))
            return redirect("meetings:agreement-detail", pk=pk)
    return render(
        request,
        "portal/public/agreement_make_public.html",
        {"form": form, "agreement": agreement},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_withdraw_public(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    agreement = get_object_or_404(Agreement, pk=pk)
    if request.method == "POST":
        try:
            expected = int(request.POST.get("version", ""))
        except ValueError:
            expected = 0
        try:
            meeting_services.agreement_withdraw_public(
                by=request.user, agreement=agreement, expected_version=expected
            )
        except ValidationError as error:
            for message in history_linked(error, agreement).messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The agreement is no longer on the public pages."))
        return redirect("meetings:agreement-detail", pk=pk)
    return render(request, "portal/public/agreement_withdraw_public.html", {"agreement": agreement})


# --- Atom feed --------------------------------------------------------------------------


class NewsFeed(Feed):
    """News and statements, in the request's language (one feed, /news/feed/); every link
    absolute on SITE_URL."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Regional Coalition: news and statements")

    def subtitle(self) -> str:
        return _(
            "News and statements of the Regional Coalition against Trafficking in Persons and "
            "Smuggling of Migrants."
        )

    def link(self) -> str:
        return absolute_reverse("public:news")

    def feed_url(self) -> str:
        return absolute_reverse("public:news-feed")

    def author_name(self) -> str:
        return _("Technical Secretariat")

    def items(self):
        return _with_text(list(posts.public_news()[:FEED_SIZE]))

    def item_title(self, item: PublicPost) -> str:
        return item.text.title

    def item_description(self, item: PublicPost) -> str:
        return item.text.summary or item.text.body[:400]

    def item_link(self, item: PublicPost) -> str:
        return absolute_reverse("public:news-detail", slug=item.slug)

    def item_guid(self, item: PublicPost) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: PublicPost):
        return item.published_at

    def item_updateddate(self, item: PublicPost):
        return max(item.updated_at, item.published_at)

    def item_categories(self, item: PublicPost):
        return [item.get_kind_display()]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = (get_language() or settings.LANGUAGE_CODE)[:2]
        return feed


# --- Sitemap ----------------------------------------------------------------------------


class SiteUrlSitemap(Sitemap):
    """Locations on SITE_URL (django.contrib.sites is not installed: the request's host
    would be used otherwise)."""

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        parts = urlsplit(settings.SITE_URL)
        return parts.netloc + parts.path.rstrip("/")


class PublicPagesSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return [
            "home",
            "public:news",
            "public:events",
            "public:publications",
            "public:agreements",
            "results:list",
            "indicators:list",
            "plans:overview",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class PostSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return posts.published_posts()

    def location(self, item: PublicPost) -> str:
        if item.kind == PublicPost.Kind.EVENT:
            return reverse("public:event-detail", args=[item.slug])
        return reverse("public:news-detail", args=[item.slug])

    def lastmod(self, item: PublicPost):
        return item.updated_at


SITEMAPS = {"pages": PublicPagesSitemap, "posts": PostSitemap}
