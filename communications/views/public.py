"""ST's management of the public pages' posts (003 §VIII ST 2): the list of drafts and
published posts, create and edit (with the version check), a preview as the public will
see it, and publish / unpublish after a confirmation page. The Presidency may read the list
and the previews; only ST writes (the services refuse anybody else)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import add_service_errors, add_version_field
from common.versions import history_linked
from communications.forms.public import PostForm
from communications.models import PublicPost
from communications.selectors import public as selectors
from communications.services import public as services
from members.permissions import ensure_secretariat
from members.requests import AuthenticatedRequest

PAGE_SIZE = 25


def _ensure_reader(request: HttpRequest) -> None:
    if not selectors.can_read_posts(request.user):
        raise PermissionDenied


@login_required
def post_list(request: AuthenticatedRequest) -> HttpResponse:
    _ensure_reader(request)
    status = request.GET.get("status", "")
    page = Paginator(selectors.post_list(status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "communications/posts/list.html",
        {
            "page": page,
            "status": status,
            "query": f"status={status}" if status else "",
            "can_manage": selectors.can_manage_posts(request.user),
        },
    )


def _form_page(request, form, *, title: str, post: PublicPost | None = None) -> HttpResponse:
    return render(
        request,
        "communications/posts/form.html",
        {
            "form": form,
            "title": title,
            "post": post,
            "cancel_url": reverse("posts:detail", args=[post.pk])
            if post
            else reverse("posts:list"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request: AuthenticatedRequest) -> HttpResponse:
    ensure_secretariat(request.user)
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Draft saved. Preview it, then publish it."))
            return redirect("posts:detail", pk=post.pk)
    return _form_page(request, form, title=_("New public post"))


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    post = get_object_or_404(PublicPost, pk=pk)
    form = PostForm(request.POST or None, instance=post)
    add_version_field(form, post)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        try:
            services.post_update(by=request.user, post=post, expected_version=expected, **data)
        except ValidationError as error:
            add_service_errors(form, history_linked(error, post))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("posts:detail", pk=post.pk)
    return _form_page(request, form, title=post.title_es, post=post)


@login_required
def post_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The preview: the post as the public will read it, in both languages."""
    _ensure_reader(request)
    post = get_object_or_404(PublicPost.objects.select_related("document"), pk=pk)
    return render(
        request,
        "communications/posts/detail.html",
        {
            "post": post,
            "versions": [
                (_("Spanish"), selectors.localized(post, "es")),
                (_("English"), selectors.localized(post, "en")),
            ],
            "has_english": bool(post.title_en and post.body_en),
            "can_manage": selectors.can_manage_posts(request.user),
        },
    )


def _confirm(request: HttpRequest, pk: int, *, publish: bool) -> HttpResponse:
    ensure_secretariat(request.user)
    post = get_object_or_404(PublicPost, pk=pk)
    if request.method == "POST":
        service = services.post_publish if publish else services.post_unpublish
        try:
            expected = int(request.POST.get("version", ""))
        except ValueError:
            expected = 0  # a form without its version is refused as stale
        try:
            service(by=request.user, post=post, expected_version=expected)
        except ValidationError as error:
            for message in history_linked(error, post).messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Published: it is on the public pages.")
                if publish
                else _("Unpublished: it is back to draft and off the public pages."),
            )
        return redirect("posts:detail", pk=post.pk)
    return render(request, "communications/posts/confirm.html", {"post": post, "publish": publish})


@login_required
@require_http_methods(["GET", "POST"])
def post_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _confirm(request, pk, publish=True)


@login_required
@require_http_methods(["GET", "POST"])
def post_unpublish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _confirm(request, pk, publish=False)
