"""Pages of the follow-up of the Lineamientos (issue 22; 001 §4.A.2, 003 §VIII Presidency 3):
the regional view by guideline, one guideline, a country's checklist and its pages of lines
per area, the submission to ST, ST's review, and the reorientation proposals. Views
translate HTTP to service and selector calls; the rules live in
presidency.services.guidelines and presidency.selectors.guidelines."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.forms import add_service_errors
from common.versions import history_linked, with_history_link
from common.views import flash_action, form_page
from members.models import Country
from members.requests import AuthenticatedRequest
from presidency import permissions
from presidency.forms_guidelines import (
    ProposalDecideForm,
    ProposalForm,
    ProposalSubmitForm,
    ReviewForm,
    SubmitChoiceForm,
    VersionForm,
    area_forms,
)
from presidency.models import Guideline, GuidelineProgress, ReorientationProposal
from presidency.selectors import guidelines as selectors
from presidency.services import guidelines as services

PAGE_SIZE = 25


def _country_readable(request: AuthenticatedRequest, iso: str) -> Country:
    """The country whose checklist the user may read; 404 otherwise (another country's focal
    point does not learn more than that the page is not theirs)."""
    country = get_object_or_404(Country, iso_code=iso.upper())
    if not permissions.can_read_checklist(request.user, country.pk):
        raise Http404
    return country


def _country_url(country: Country) -> str:
    return reverse("presidency:guidelines-country", args=[country.iso_code])


# --- The regional view and one guideline ----------------------------------------------------


@login_required
def regional(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_read_regional_view(request.user):
        raise PermissionDenied
    return render(
        request,
        "presidency/guidelines/regional.html",
        {
            "view": selectors.regional_view(),
            "can_review": permissions.can_review_checklist(request.user),
            "can_propose": permissions.can_propose_reorientation(request.user),
            "readable_countries": [
                c
                for c in selectors.member_countries_today()
                if permissions.can_read_checklist(request.user, c.pk)
            ],
        },
    )


@login_required
def guideline_detail(request: AuthenticatedRequest, area: str, number: int) -> HttpResponse:
    if not permissions.can_read_regional_view(request.user):
        raise PermissionDenied
    guideline = get_object_or_404(Guideline, area=area.upper(), number=number)
    context = selectors.guideline_page(guideline)
    context["can_propose"] = permissions.can_propose_reorientation(request.user)
    return render(request, "presidency/guidelines/guideline.html", context)


# --- A country's checklist ------------------------------------------------------------------


@login_required
def country(request: AuthenticatedRequest, iso: str) -> HttpResponse:
    country = _country_readable(request, iso)
    return render(
        request,
        "presidency/guidelines/country.html",
        selectors.checklist_page(user=request.user, country=country),
    )


class _Rollback(Exception):
    pass


@login_required
def country_area_edit(request: AuthenticatedRequest, iso: str, area: str) -> HttpResponse:
    """The country's lines of one area (5 to 9 guidelines) on one page, saved together."""
    country = _country_readable(request, iso)
    area = area.upper()
    if area not in Guideline.Area.values:
        raise Http404
    if not permissions.can_update_checklist(request.user, country.pk):
        raise PermissionDenied
    groups = selectors.checklist(country, area=area)
    lines = groups[0].lines if groups else []
    data = request.POST if request.method == "POST" else None
    forms = area_forms(data, lines)
    choice = SubmitChoiceForm(data)
    if data is not None and choice.is_valid() and all([f.is_valid() for f in forms]):
        try:
            with transaction.atomic():
                failed = False
                for form in forms:
                    row = form.line.row
                    try:
                        services.progress_update(
                            user=request.user,
                            country=country,
                            guideline=form.line.guideline,
                            version=form.cleaned_data["version"],
                            submit=choice.cleaned_data["submit"],
                            **{k: form.cleaned_data[k] for k in services.PROGRESS_FIELDS},
                        )
                    except ValidationError as error:
                        add_service_errors(form, history_linked(error, row) if row.pk else error)
                        failed = True
                if failed:
                    raise _Rollback
        except _Rollback:
            pass
        else:
            messages.success(request, _("Checklist saved."))
            return redirect(_country_url(country))
    return render(
        request,
        "presidency/guidelines/area_form.html",
        {
            "country": country,
            "area": groups[0] if groups else None,
            "forms": forms,
            "choice": choice,
            "all_forms": [choice, *forms],
        },
    )


@login_required
def country_submit(request: AuthenticatedRequest, iso: str) -> HttpResponse:
    """Confirmation page: every change of the checklist not submitted yet goes before ST."""
    country = _country_readable(request, iso)
    if not permissions.can_update_checklist(request.user, country.pk):
        raise PermissionDenied
    if request.method == "POST":
        flash_action(
            request,
            lambda: services.progress_submit(user=request.user, country=country),
            success=_("Submitted to the Technical Secretariat for review."),
        )
        return redirect(_country_url(country))
    page = selectors.checklist_page(user=request.user, country=country)
    return render(request, "presidency/guidelines/submit.html", page)


# --- ST's review ----------------------------------------------------------------------------


@login_required
def review_queue(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_review_checklist(request.user):
        raise PermissionDenied
    page = Paginator(selectors.review_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "presidency/guidelines/review_queue.html", {"page": page})


@login_required
def review_item(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    if not permissions.can_review_checklist(request.user):
        raise PermissionDenied
    progress = get_object_or_404(
        GuidelineProgress.objects.select_related("country", "guideline", "updated_by"), pk=pk
    )
    form = ReviewForm(request.POST or None, progress=progress)
    if request.method == "POST" and form.is_valid():
        accept = request.POST.get("action") != "return"
        call = with_history_link(
            lambda: services.progress_review(
                user=request.user,
                progress=progress,
                accept=accept,
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            ),
            progress,
        )
        try:
            call()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Accepted.") if accept else _("Returned to the focal point.")
            )
            return redirect("presidency:guidelines-review")
    return render(
        request,
        "presidency/guidelines/review_item.html",
        {"form": form, "progress": progress, "badge": selectors.STATUS_BADGE[progress.status]},
    )


# --- Reorientation proposals ----------------------------------------------------------------


def _proposal(request: AuthenticatedRequest, pk: int) -> ReorientationProposal:
    if not permissions.can_read_regional_view(request.user):
        raise PermissionDenied
    return get_object_or_404(selectors.proposal_list(), pk=pk)


def _proposal_url(proposal: ReorientationProposal) -> str:
    return reverse("presidency:guidelines-proposal-detail", args=[proposal.pk])


@login_required
def proposal_list(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_read_regional_view(request.user):
        raise PermissionDenied
    page = Paginator(selectors.proposal_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "presidency/guidelines/proposal_list.html",
        {"page": page, "can_propose": permissions.can_propose_reorientation(request.user)},
    )


@login_required
def proposal_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    return render(
        request,
        "presidency/guidelines/proposal_detail.html",
        {"proposal": proposal, **selectors.proposal_flags(user=request.user, proposal=proposal)},
    )


def _proposal_fields(form: ProposalForm) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "rationale": data["rationale"],
        "guideline": data["guideline"],
        "area": data["area"],
    }


@login_required
def proposal_create(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_propose_reorientation(request.user):
        raise PermissionDenied
    initial = {}
    if (code := request.GET.get("guideline", "")) and "." in code:
        area, _dot, number = code.partition(".")
        initial["guideline"] = Guideline.objects.filter(
            area=area.upper(), number=number if number.isdigit() else 0
        ).first()
    form = ProposalForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.proposal_create(
            user=request.user, proposal=form.cleaned_data["proposal"], **_proposal_fields(form)
        ),
        success=_("Proposal saved as a draft."),
        next_url=_proposal_url,
        template="presidency/guidelines/proposal_form.html",
        context={"proposal": None},
    )


@login_required
def proposal_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not selectors.proposal_flags(user=request.user, proposal=proposal)["can_edit"]:
        raise PermissionDenied
    form = ProposalForm(request.POST or None, instance=proposal)
    save = with_history_link(
        lambda: services.proposal_update(
            user=request.user,
            proposal=proposal,
            version=form.cleaned_data["version"],
            proposal_text=form.cleaned_data["proposal"],
            **_proposal_fields(form),
        ),
        proposal,
    )
    return form_page(
        request,
        form,
        save=save,
        success=_("Proposal saved."),
        next_url=_proposal_url,
        template="presidency/guidelines/proposal_form.html",
        context={"proposal": proposal},
    )


@login_required
def proposal_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not permissions.can_propose_reorientation(request.user):
        raise PermissionDenied
    form = ProposalSubmitForm(
        request.POST or None, proposal=proposal, meetings=selectors.plenaries_taking_items()
    )
    return form_page(
        request,
        form,
        save=with_history_link(
            lambda: services.proposal_submit(
                user=request.user,
                proposal=proposal,
                meeting=form.cleaned_data["meeting"],
                version=form.cleaned_data["version"],
            ),
            proposal,
        ),
        success=_("Put to the plenary: the item is on its agenda."),
        next_url=_proposal_url,
        template="presidency/guidelines/proposal_action.html",
        context={"proposal": proposal, "action": "submit"},
    )


@login_required
def proposal_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not permissions.can_propose_reorientation(request.user):
        raise PermissionDenied
    form = ProposalDecideForm(
        request.POST or None, proposal=proposal, agreements=selectors.agreements_for(proposal)
    )
    return form_page(
        request,
        form,
        save=with_history_link(
            lambda: services.proposal_decide(
                user=request.user,
                proposal=proposal,
                adopted=form.cleaned_data["adopted"],
                agreement=form.cleaned_data["agreement"],
                version=form.cleaned_data["version"],
            ),
            proposal,
        ),
        success=_("The Plenary's decision is recorded."),
        next_url=_proposal_url,
        template="presidency/guidelines/proposal_action.html",
        context={"proposal": proposal, "action": "decide"},
    )


@login_required
def proposal_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not permissions.can_propose_reorientation(request.user):
        raise PermissionDenied
    form = VersionForm(request.POST or None, record=proposal)
    return form_page(
        request,
        form,
        save=with_history_link(
            lambda: services.proposal_withdraw(
                user=request.user, proposal=proposal, version=form.cleaned_data["version"]
            ),
            proposal,
        ),
        success=_("Proposal withdrawn."),
        next_url=_proposal_url,
        template="presidency/guidelines/proposal_action.html",
        context={"proposal": proposal, "action": "withdraw"},
    )
