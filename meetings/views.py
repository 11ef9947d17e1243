"""Pages of the meetings app. Views translate HTTP to service and selector calls; the rules
live in services.py (SPEC §3)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.forms import add_service_errors
from common.tabular import tabular_response
from meetings import selectors, services
from meetings.filters import AgreementFilter
from meetings.forms import (
    MEETING_YEARS,
    AccreditForm,
    AgendaItemForm,
    AgreementForm,
    ApproveMinutesForm,
    AttendanceForm,
    CommentForm,
    ConsensusForm,
    CountryReportForm,
    DocumentForm,
    FollowUpForm,
    MeetingForm,
    MinutesForm,
    MotionForm,
    ReasonForm,
    VoteForm,
)
from meetings.models import (
    Agreement,
    Attendance,
    CountryReport,
    Invitation,
    Meeting,
    MeetingDocument,
    Minutes,
    Motion,
)
from meetings.notices import meeting_ics
from meetings.pdf import minutes_pdf
from meetings.permissions import can_see_meetings, can_steer, ensure_can_steer
from members.permissions import ensure_secretariat

PAGE_SIZE = 25


def _flash(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _ensure_can_see(request: HttpRequest, meeting: Meeting | None = None) -> None:
    if not can_see_meetings(request.user):
        raise PermissionDenied
    if (
        meeting is not None
        and meeting.status == Meeting.Status.DRAFT
        and not can_steer(request.user)
    ):
        raise Http404


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    try:
        meeting = selectors.meeting_detail(pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc
    _ensure_can_see(request, meeting)
    return meeting


def _form_page(request, form, *, title, meeting=None, cancel_url="", multipart=False):
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "title": title,
            "meeting": meeting,
            "cancel_url": cancel_url,
            "multipart": multipart,
        },
    )


# --- Meetings -----------------------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    _ensure_can_see(request)
    year = request.GET.get("year")
    kind = request.GET.get("kind") or None
    # Only a plausible year filters: ?year=99999 would fail in the date lookup (a 500).
    in_range = bool(year and year.isdigit() and MEETING_YEARS[0] <= int(year) <= MEETING_YEARS[1])
    meetings = selectors.meeting_list(year=int(year) if in_range else None, kind=kind)
    if not can_steer(request.user):
        meetings = meetings.exclude(status=Meeting.Status.DRAFT)
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "kinds": Meeting.Kind.choices,
            "kind": kind,
            "year": year or "",
            "can_steer": can_steer(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    ensure_can_steer(request.user)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting created as a draft."))
            return redirect("meetings:detail", pk=meeting.pk)
    return _form_page(request, form, title=_("New meeting"), cancel_url=reverse("meetings:list"))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    ensure_can_steer(request.user)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        meeting.refresh_from_db()
        try:
            services.meeting_update(user=request.user, meeting=meeting, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("meetings:detail", pk=meeting.pk)
    return _form_page(
        request,
        form,
        title=_("Edit meeting"),
        meeting=meeting,
        cancel_url=reverse("meetings:detail", args=[pk]),
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    page = selectors.meeting_page(meeting=meeting, user=request.user)
    minutes = Minutes.objects.filter(meeting=meeting).only("pk", "state").first()
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "p": page,
            "quorum": page.quorum,
            "attendances": page.attendances,
            "minutes": minutes,
            "can_steer": can_steer(request.user),
            "attendance_form": AttendanceForm(meeting=meeting)
            if request.user.is_secretariat and meeting.status == Meeting.Status.IN_SESSION
            else None,
        },
    )


@login_required
@require_POST
def meeting_convene(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        services.meeting_convene(user=request.user, meeting=meeting)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Meeting convened; the notices are being sent."))
    return redirect("meetings:detail", pk=pk)


@login_required
@require_POST
def meeting_transition(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        services.meeting_transition(user=request.user, meeting=meeting, to=request.POST.get("to"))
    except (ValidationError, ValueError) as error:
        _flash(
            request, error if isinstance(error, ValidationError) else ValidationError(str(error))
        )
    return redirect("meetings:detail", pk=pk)


@login_required
@require_POST
def agenda_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        services.agenda_approve(user=request.user, meeting=meeting)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Agenda approved."))
    return redirect("meetings:detail", pk=pk)


@login_required
@require_GET
def meeting_ics_download(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    response = HttpResponse(
        meeting_ics(meeting, base_url=request.build_absolute_uri("/")[:-1]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def rsvp(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the convocation e-mail: the token identifies the invitee."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("meeting", "person"), token=token
    )
    if request.method == "POST":
        answer = request.POST.get("response")
        if answer not in (Invitation.Response.ACCEPTED, Invitation.Response.DECLINED):
            raise Http404
        try:
            services.invitation_respond(invitation=invitation, response=answer)
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, _("Thank you, your answer was recorded."))
        return redirect("meetings:rsvp", token=token)
    return render(request, "meetings/rsvp.html", {"invitation": invitation})


# --- Agenda and documents -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    ensure_can_steer(request.user)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_create(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("meetings:detail", pk=pk)
    return _form_page(
        request,
        form,
        title=_("Add an agenda item"),
        meeting=meeting,
        cancel_url=reverse("meetings:detail", args=[pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    ensure_can_steer(request.user)
    form = DocumentForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_upload(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("meetings:detail", pk=pk)
    return _form_page(
        request,
        form,
        title=_("Upload a document"),
        meeting=meeting,
        multipart=True,
        cancel_url=reverse("meetings:detail", args=[pk]),
    )


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=pk)
    _ensure_can_see(request, document.meeting)
    return FileResponse(document.file.open("rb"), as_attachment=True)


# --- Attendance and quorum ----------------------------------------------------------------


def _attendance_response(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    if request.htmx:
        response = render(
            request,
            "meetings/_attendance.html",
            {
                "meeting": meeting,
                "attendances": selectors.meeting_attendances(meeting),
                "attendance_form": AttendanceForm(meeting=meeting),
            },
        )
        response["HX-Trigger"] = "attendanceChanged"
        return response
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#attendance")


@login_required
@require_POST
def attendance_record(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    ensure_secretariat(request.user)
    form = AttendanceForm(request.POST, request.FILES or None, meeting=meeting)
    if form.is_valid():
        try:
            services.attendance_record(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            _flash(request, error)
    else:
        _flash(request, ValidationError(form.errors))
    return _attendance_response(request, meeting)


@login_required
@require_POST
def attendance_depart(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = get_object_or_404(Attendance.objects.select_related("meeting"), pk=pk)
    try:
        services.attendance_depart(user=request.user, attendance=attendance)
    except ValidationError as error:
        _flash(request, error)
    return _attendance_response(request, attendance.meeting)


@login_required
@require_POST
def attendance_accredit(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = get_object_or_404(Attendance.objects.select_related("meeting"), pk=pk)
    form = AccreditForm(request.POST, request.FILES or None)
    if form.is_valid():
        try:
            services.attendance_accredit(
                user=request.user, attendance=attendance, **form.cleaned_data
            )
        except ValidationError as error:
            _flash(request, error)
    else:  # e.g. a file that is not a PDF or an image
        _flash(request, ValidationError(form.errors))
    return _attendance_response(request, attendance.meeting)


@login_required
@require_GET
def quorum_partial(request: HttpRequest, pk: int) -> HttpResponse:
    """The live quorum box, refreshed by htmx every few seconds and on attendance changes."""
    meeting = _meeting(request, pk)
    return render(
        request,
        "meetings/_quorum.html",
        {"meeting": meeting, "quorum": selectors.meeting_quorum(meeting)},
    )


@login_required
@require_POST
def quorum_verify(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        verification = services.quorum_verify(user=request.user, meeting=meeting)
    except ValidationError as error:
        _flash(request, error)
    else:
        if verification.reached:
            messages.success(request, _("Quorum verified and recorded."))
        else:
            messages.warning(request, _("Recorded: there is no quorum."))
    return redirect("meetings:detail", pk=pk)


# --- Motions and votes --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def motion_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    ensure_can_steer(request.user)
    form = MotionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.motion_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(reverse("meetings:detail", args=[pk]) + "#motions")
    return _form_page(
        request,
        form,
        title=_("New motion"),
        meeting=meeting,
        cancel_url=reverse("meetings:detail", args=[pk]),
    )


def _motion(request: HttpRequest, pk: int) -> Motion:
    motion = get_object_or_404(
        Motion.objects.select_related("agenda_item__meeting__host_country"), pk=pk
    )
    _ensure_can_see(request, motion.agenda_item.meeting)
    return motion


@login_required
@require_POST
def motion_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    motion = _motion(request, pk)
    actions = {
        "open": services.motion_open,
        "close": services.motion_close,
        "publish": services.motion_publish,
    }
    try:
        if action == "consensus":
            form = ConsensusForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["reservations"])
            services.motion_record_consensus(
                user=request.user, motion=motion, reservations=form.cleaned_data["reservations"]
            )
        elif action in actions:
            actions[action](user=request.user, motion=motion)
        else:
            raise Http404
    except ValidationError as error:
        _flash(request, error)
    if action == "open":
        return redirect("meetings:vote", pk=pk)
    return redirect(reverse("meetings:detail", args=[motion.agenda_item.meeting_id]) + "#motions")


@login_required
@require_http_methods(["GET", "POST"])
def vote_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """The voting screen: a delegate casts their country's vote from their own device; ST
    enters the votes as the delegations state them."""
    motion = _motion(request, pk)
    for_st = request.user.is_secretariat
    form = VoteForm(request.POST or None, motion=motion, for_st=for_st)
    if request.method == "POST" and form.is_valid():
        try:
            services.vote_cast(
                user=request.user,
                motion=motion,
                choice=form.cleaned_data["choice"],
                country=form.cleaned_data.get("country"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Vote recorded."))
            return redirect("meetings:vote", pk=pk)
    votes = list(motion.votes.select_related("country"))
    voted = {v.country.iso_code: v for v in votes}
    show_votes = for_st or can_steer(request.user) or motion.state == Motion.State.PUBLISHED
    return render(
        request,
        "meetings/vote.html",
        {
            "motion": motion,
            "meeting": motion.agenda_item.meeting,
            "form": form,
            "result": selectors.motion_result(motion, votes),
            "voted": voted,
            "entitled": motion.entitled_countries,
            "show_votes": show_votes,
            "for_st": for_st,
        },
    )


# --- Country reports ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def country_report(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = CountryReportForm(
        request.POST or None, request.FILES or None, for_st=request.user.is_secretariat
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.country_report_submit(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Country report saved."))
            return redirect(reverse("meetings:detail", args=[pk]) + "#reports")
    return _form_page(
        request,
        form,
        title=_("Country report"),
        meeting=meeting,
        multipart=True,
        cancel_url=reverse("meetings:detail", args=[pk]),
    )


@login_required
def country_report_download(request: HttpRequest, pk: int) -> FileResponse:
    report = get_object_or_404(CountryReport.objects.select_related("meeting"), pk=pk)
    _ensure_can_see(request, report.meeting)
    if not report.file:
        raise Http404
    return FileResponse(report.file.open("rb"), as_attachment=True)


# --- Agreements ---------------------------------------------------------------------------


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    _ensure_can_see(request)
    register = AgreementFilter(request.GET, queryset=selectors.agreement_list())
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        headers = [
            _("Number"),
            _("Meeting"),
            _("Text"),
            _("Responsible"),
            _("Due date"),
            _("Status"),
            _("Fulfilled on"),
        ]
        rows = (
            [
                a.number,
                a.meeting.title,
                a.text,
                "; ".join(
                    [b.acronym for b in a.responsible_bodies.all()]
                    + a.get_responsible_organs_display()
                ),
                a.due_date,
                a.get_status_display(),
                a.fulfilled_on,
            ]
            for a in register.qs
        )
        return tabular_response(filename="acuerdos", headers=headers, rows=rows, fmt=fmt)
    page = Paginator(register.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/agreement_list.html",
        {"filter": register, "page": page, "query": query.urlencode()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _ensure_can_see(request)
    try:
        agreement = selectors.agreement_detail(pk=pk)
    except Agreement.DoesNotExist as exc:
        raise Http404 from exc
    form = FollowUpForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_follow_up_add(
                user=request.user, agreement=agreement, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect("meetings:agreement-detail", pk=pk)
    bodies = [b.pk for b in agreement.responsible_bodies.all()]
    can_follow = request.user.is_secretariat or (
        request.user.is_focal_point and request.user.national_body_id in bodies
    )
    return render(
        request,
        "meetings/agreement_detail.html",
        {"agreement": agreement, "form": form if can_follow else None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    agreement = get_object_or_404(Agreement, pk=pk)
    form = AgreementForm(
        request.POST or None,
        initial={
            "text": agreement.text,
            "responsible_bodies": list(agreement.responsible_bodies.all()),
            "responsible_organs": agreement.responsible_organs,
            "due_date": agreement.due_date,
            "status": agreement.status,
            "activities": list(agreement.activities.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(user=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("meetings:agreement-detail", pk=pk)
    return _form_page(
        request,
        form,
        title=agreement.number,
        cancel_url=reverse("meetings:agreement-detail", args=[pk]),
    )


@login_required
def follow_up_evidence(request: HttpRequest, pk: int) -> FileResponse:
    from meetings.models import AgreementFollowUp

    _ensure_can_see(request)
    entry = get_object_or_404(AgreementFollowUp, pk=pk)
    if not entry.evidence:
        raise Http404
    return FileResponse(entry.evidence.open("rb"), as_attachment=True)


# --- Minutes ------------------------------------------------------------------------------


@login_required
@require_POST
def minutes_generate(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        services.minutes_generate(user=request.user, meeting=meeting)
    except ValidationError as error:
        _flash(request, error)
        return redirect("meetings:detail", pk=pk)
    messages.success(request, _("Draft minutes generated from the meeting's records."))
    return redirect("meetings:minutes", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def minutes_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    minutes = get_object_or_404(
        Minutes.objects.select_related("approved_in__meeting", "approved_by"), meeting=meeting
    )
    if minutes.state == Minutes.State.DRAFT and not request.user.is_secretariat:
        raise Http404
    action = request.POST.get("action")
    forms = {
        "narrative": MinutesForm(initial={"narrative": minutes.narrative}),
        "comment": CommentForm(),
        "approve": ApproveMinutesForm(meeting=meeting),
        "reopen": ReasonForm(),
    }
    if request.method == "POST":
        try:
            if action == "narrative":
                forms["narrative"] = form = MinutesForm(request.POST)
                if form.is_valid():
                    services.minutes_update(user=request.user, minutes=minutes, **form.cleaned_data)
            elif action == "circulate":
                services.minutes_circulate(user=request.user, minutes=minutes)
            elif action == "comment":
                forms["comment"] = form = CommentForm(request.POST)
                if form.is_valid():
                    services.minutes_comment(
                        user=request.user, minutes=minutes, **form.cleaned_data
                    )
            elif action == "approve":
                forms["approve"] = form = ApproveMinutesForm(request.POST, meeting=meeting)
                if form.is_valid():
                    services.minutes_approve(
                        user=request.user, minutes=minutes, **form.cleaned_data
                    )
            elif action == "reopen":
                forms["reopen"] = form = ReasonForm(request.POST)
                if form.is_valid():
                    services.minutes_reopen(user=request.user, minutes=minutes, **form.cleaned_data)
            elif action == "regenerate":
                services.minutes_generate(user=request.user, meeting=meeting)
            else:
                raise Http404
        except ValidationError as error:
            _flash(request, error)
        else:
            if not any(f.errors for f in forms.values() if f.is_bound):
                messages.success(request, _("Done."))
                return redirect("meetings:minutes", pk=pk)
    return render(
        request,
        "meetings/minutes_detail.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "records": minutes.records,
            "comments": list(minutes.comments.select_related("author")),
            "forms": forms,
            "can_steer": can_steer(request.user),
        },
    )


@login_required
def minutes_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    minutes = get_object_or_404(Minutes.objects.select_related("meeting"), meeting=meeting)
    if minutes.state == Minutes.State.DRAFT and not request.user.is_secretariat:
        raise Http404
    pdf = minutes_pdf(minutes, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="acta-{meeting.pk}.pdf"'
    return response


@login_required
def minutes_archive(request: HttpRequest) -> HttpResponse:
    _ensure_can_see(request)
    archive = selectors.minutes_archive()
    if not request.user.is_secretariat:
        archive = archive.exclude(state=Minutes.State.DRAFT)
    page = Paginator(archive, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/minutes_archive.html", {"page": page, "query": ""})
