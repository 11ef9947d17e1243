"""Committee pages: the list and each committee's mandate, creating agreement, member
countries and people over time and work agenda, for the coalition's members; ST creates and
edits committees and their seats there, without the admin (members.services.committees)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.views import form_page
from members import selectors, services
from members.forms import CommitteeCountryForm, CommitteeForm, CommitteeMemberForm, SeatEndForm
from members.models import Committee, CommitteeCountry, CommitteeMember
from members.permissions import ensure_can_read_committees, ensure_secretariat
from members.requests import AuthenticatedRequest
from members.views.shared import simple_form_page


@login_required
def committee_list(request: AuthenticatedRequest) -> HttpResponse:
    ensure_can_read_committees(request.user)
    return render(
        request,
        "members/committee_list.html",
        {"committees": selectors.committee_list(), "can_edit": request.user.is_secretariat},
    )


@login_required
def committee_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_can_read_committees(request.user)
    try:
        detail = selectors.committee_detail(pk=pk)
    except Committee.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "members/committee_detail.html",
        {"detail": detail, "committee": detail.committee, "can_edit": request.user.is_secretariat},
    )


def _committee_form_page(
    request: HttpRequest, form: CommitteeForm, committee: Committee | None, *, save, success
) -> HttpResponse:
    """Creating or editing a committee; a save leads to the committee's page."""
    return form_page(
        request,
        form,
        save=save,
        success=success,
        next_url=lambda saved: reverse("members:committee-detail", args=[saved.pk]),
        template="members/committee_form.html",
        context={
            "committee": committee,
            "title": str(committee) if committee else _("New committee"),
            "cancel_url": reverse("members:committee-detail", args=[committee.pk])
            if committee
            else reverse("members:committee-list"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def committee_create(request: AuthenticatedRequest) -> HttpResponse:
    ensure_secretariat(request.user)
    form = CommitteeForm(request.POST or None)
    return _committee_form_page(
        request,
        form,
        None,
        save=lambda: services.committee_create(user=request.user, **form.service_fields()),
        success=lambda committee: _("Committee “%(name)s” created.") % {"name": committee},
    )


@login_required
@require_http_methods(["GET", "POST"])
def committee_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    committee = get_object_or_404(Committee, pk=pk)
    form = CommitteeForm(request.POST or None, instance=committee)

    def save():
        committee.refresh_from_db()  # the form wrote onto the instance: start from the stored row
        return services.committee_update(
            user=request.user,
            committee=committee,
            expected_version=form.cleaned_data.get("version"),
            **form.service_fields(),
        )

    return _committee_form_page(request, form, committee, save=save, success=_("Changes saved."))


def _seat_add_page(request: HttpRequest, committee: Committee, form, add, **kwargs):
    """Adding a seat to a committee (a country's, a person's), then back to its page;
    `add(user=..., committee=..., **the form's data)` is the service."""
    return simple_form_page(
        request,
        form,
        save=lambda: add(user=request.user, committee=committee, **form.cleaned_data),
        back=reverse("members:committee-detail", args=[committee.pk]),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def committee_country_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    committee = get_object_or_404(Committee, pk=pk)
    return _seat_add_page(
        request,
        committee,
        CommitteeCountryForm(request.POST or None),
        services.committee_country_add,
        success=_("Member country added."),
        title=_("Add a member country to %(committee)s") % {"committee": committee},
        intro=_(
            "Its representatives count for the quorum of the committee's sessions and vote in them."
        ),
    )


def _seat_end_page(request: HttpRequest, seat, end, **kwargs) -> HttpResponse:
    """Ending a seat on a committee (a country's, a person's): the day it ends, then back
    to the committee's page; `end(day)` calls the service."""
    form = SeatEndForm(request.POST or None)
    return simple_form_page(
        request,
        form,
        save=lambda: end(form.cleaned_data["end_date"]),
        back=reverse("members:committee-detail", args=[seat.committee_id]),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def committee_country_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    seat = get_object_or_404(CommitteeCountry.objects.select_related("committee", "country"), pk=pk)
    return _seat_end_page(
        request,
        seat,
        lambda day: services.committee_country_end(user=request.user, seat=seat, end_date=day),
        success=_("The country's membership ended; it stays in the history."),
        title=_("%(country)s leaves %(committee)s")
        % {"country": seat.country, "committee": seat.committee},
        intro=_(
            "From the day after, the country no longer counts for the committee's quorum nor "
            "votes in its sessions; its people's seats on the committee end the same day."
        ),
        submit_label=_("End membership"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def committee_member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    committee = get_object_or_404(Committee, pk=pk)
    countries = selectors.committee_countries_on(committee, timezone.localdate())
    return _seat_add_page(
        request,
        committee,
        CommitteeMemberForm(request.POST or None, countries=countries),
        services.committee_member_add,
        success=_("Person added to the committee."),
        title=_("Add a person to %(committee)s") % {"committee": committee},
    )


@login_required
@require_http_methods(["GET", "POST"])
def committee_member_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    member = get_object_or_404(
        CommitteeMember.objects.select_related("committee", "designation__person"), pk=pk
    )
    return _seat_end_page(
        request,
        member,
        lambda day: services.committee_member_end(user=request.user, member=member, end_date=day),
        success=_("The seat ended; it stays in the history."),
        title=_("%(person)s leaves %(committee)s")
        % {"person": member.designation.person, "committee": member.committee},
        submit_label=_("End seat"),
    )
