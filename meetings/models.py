"""Meetings of the coalition (SPEC §3): convocation, agenda, attendance, quorum, motions and
votes, agreements (acuerdos), country reports and minutes (actas).

The rules live in meetings/services.py and the reads in meetings/selectors.py; the models
only hold the records. Sources: 001 §4.A.3 (at least two meetings a year), §4.A.6 (voice and
vote for members, voice only for observers), §4.A.7 (quorum) and 003 §VIII (functions of the
Plenary, the Presidency and the Technical Secretariat)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import (
    Committee,
    Country,
    Designation,
    NationalBody,
    ObserverOrganisation,
    Person,
)


class Meeting(models.Model):
    """A meeting of the coalition. Status moves draft → convened → in session → closed;
    every move is logged in MeetingStatusChange (who and when)."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary plenary")
        EXTRAORDINARY = "extraordinary", _("Extraordinary plenary")
        TECHNICAL = "technical", _("Technical session")
        COMMITTEE = "committee", _("Committee session")

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONVENED = "convened", _("Convened")
        IN_SESSION = "in_session", _("In session")
        CLOSED = "closed", _("Closed")

    PLENARY_KINDS = (Kind.ORDINARY, Kind.EXTRAORDINARY)

    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=250)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    host_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host country"),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    modality = models.CharField(
        _("modality"), max_length=10, choices=Modality.choices, default=Modality.IN_PERSON
    )
    link = models.URLField(_("link to join"), blank=True)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("committee"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status changed by"),
    )
    invited_observers = models.ManyToManyField(
        ObserverOrganisation,
        blank=True,
        related_name="meetings_invited",
        verbose_name=_("invited observers"),
    )
    agenda_approved_at = models.DateTimeField(_("agenda approved at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def date(self) -> dt.date:
        """The meeting's date in the coalition's time zone: N (member countries) and
        designations in force are taken on this day (SPEC §3)."""
        return timezone.localdate(self.starts_at)

    @property
    def is_plenary(self) -> bool:
        return self.kind in self.PLENARY_KINDS


class MeetingStatusChange(models.Model):
    """Who moved a meeting from one status to another, and when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=12, choices=Meeting.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Meeting.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["changed_at"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.from_status} → {self.to_status}"


class AgendaItem(models.Model):
    """An item of a meeting's agenda (003 §VIII Presidency 9: the Presidency drafts the
    agenda and submits it for approval)."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        DISCUSSION = "discussion", _("Discussion")
        DECISION = "decision", _("Decision")

    class Standard(models.TextChoices):
        QUORUM = "quorum", _("Quorum verification")
        AGENDA = "agenda", _("Approval of the agenda")
        MINUTES = "minutes", _("Reading and approval of the previous minutes")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DISCUSSION)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    standard = models.CharField(
        _("standard item"), max_length=10, choices=Standard.choices, blank=True
    )
    minutes_of = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approving_items",
        verbose_name=_("minutes of the meeting"),
        help_text=_("For the reading of the previous minutes: the meeting whose minutes are read."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


def document_upload_to(instance: MeetingDocument, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/documents/{filename}"


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(_("file"), upload_to=document_upload_to)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """One invitee of a convened meeting: a designation in force of a member body or a
    representative of an invited observer organisation. `notified_at` is set when the
    convocation e-mail has actually been sent (by the Celery worker)."""

    class Response(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        ACCEPTED = "accepted", _("Will attend")
        DECLINED = "declined", _("Will not attend")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="invitations")
    designation = models.ForeignKey(
        Designation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    observer_organisation = models.ForeignKey(
        ObserverOrganisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    response = models.CharField(
        _("answer"), max_length=10, choices=Response.choices, default=Response.PENDING
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__last_name"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="invitation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.person}"


def accreditation_upload_to(instance: Attendance, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/accreditations/{filename}"


class Attendance(models.Model):
    """A person present at a meeting, recorded by ST (003 §VIII ST 8). Present means arrived
    and not left; a person who leaves and comes back gets a new row. An alternate counts for
    quorum only when accredited for this meeting (001 §4.A.7)."""

    class Capacity(models.TextChoices):
        TITULAR = "titular", _("Titular representative")
        ALTERNATE = "alternate", _("Alternate representative")
        OBSERVER = "observer", _("Observer")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    capacity = models.CharField(_("capacity"), max_length=10, choices=Capacity.choices)
    designation = models.ForeignKey(
        Designation, on_delete=models.PROTECT, null=True, blank=True, related_name="attendances"
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country represented"),
    )
    observer_organisation = models.ForeignKey(
        ObserverOrganisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    arrived_at = models.DateTimeField(_("arrived at"), default=timezone.now)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    accredited_for_meeting = models.BooleanField(_("accredited for this meeting"), default=False)
    accreditation_file = models.FileField(
        _("accreditation for this meeting"), upload_to=accreditation_upload_to, blank=True
    )
    accreditation_note = models.CharField(_("accreditation note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "arrived_at"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(left_at__isnull=True),
                name="attendance_one_open_row_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_capacity_display()}"

    @property
    def is_present(self) -> bool:
        return self.left_at is None

    @property
    def counts_for_quorum(self) -> bool:
        return self.capacity == self.Capacity.TITULAR or (
            self.capacity == self.Capacity.ALTERNATE and self.accredited_for_meeting
        )


class QuorumVerification(models.Model):
    """The quorum as the Presidency verified it (003 §VIII Presidency 11): a stored snapshot
    with the time and the countries represented at that moment."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="quorum_verifications"
    )
    verified_at = models.DateTimeField(_("verified at"), default=timezone.now)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    n_members = models.PositiveIntegerField(_("member countries"))
    required = models.PositiveIntegerField(_("required"))
    represented = models.JSONField(_("countries represented"), default=list)
    reached = models.BooleanField(_("quorum reached"))

    class Meta:
        ordering = ["meeting", "verified_at"]
        verbose_name = _("quorum verification")
        verbose_name_plural = _("quorum verifications")

    def __str__(self) -> str:
        return f"{self.meeting} · {len(self.represented)}/{self.n_members}"


class Motion(models.Model):
    """A proposal put to the Plenary on an agenda item. Decided by consensus where possible
    (003 §VI, Consenso) or by a vote of one vote per represented member country (001 §4.A.6,
    SPEC §3). `entitled_countries` is the list of ISO codes represented when the vote opened;
    the result is computed against it."""

    class Method(models.TextChoices):
        CONSENSUS = "consensus", _("Consensus")
        VOTE = "vote", _("Vote")

    class MajorityRule(models.TextChoices):
        SIMPLE = "simple", _("Simple majority of represented member countries")
        TWO_THIRDS = "two_thirds", _("Two thirds of represented member countries")
        UNANIMITY = "unanimity", _("Unanimity of represented member countries")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Published")

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="motions")
    text = models.TextField(_("text"))
    decision_method = models.CharField(
        _("decision method"), max_length=10, choices=Method.choices, default=Method.VOTE
    )
    majority_rule = models.CharField(
        _("majority rule"), max_length=10, choices=MajorityRule.choices, default=MajorityRule.SIMPLE
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    entitled_countries = models.JSONField(_("countries entitled to vote"), default=list, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item__order", "pk"]
        verbose_name = _("motion")
        verbose_name_plural = _("motions")

    def __str__(self) -> str:
        return self.text[:80]


class Vote(models.Model):
    """One vote of one represented member country on a motion (001 §4.A.6)."""

    class Choice(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        ABSTAIN = "abstain", _("Abstain")

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="votes")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_by_st = models.BooleanField(_("recorded by the Technical Secretariat"), default=False)
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["motion", "country__name_es"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["motion", "country"], name="one_vote_per_country")
        ]

    def __str__(self) -> str:
        return f"{self.country_id} · {self.choice}"


class Reservation(models.Model):
    """A reservation a country states on a decision taken by consensus."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="reservations")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("reservation"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["motion", "country__name_es"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")

    def __str__(self) -> str:
        return f"{self.country_id} · {self.text[:60]}"


class Agreement(models.Model):
    """An agreement (acuerdo): every adopted decision becomes one, numbered CR-<year>-<nn>
    per year of the meeting. Overdue is set by the daily job `agreements_mark_overdue`."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        IN_PROGRESS = "in_progress", _("In progress")
        FULFILLED = "fulfilled", _("Fulfilled")
        OVERDUE = "overdue", _("Overdue")
        CANCELLED = "cancelled", _("Cancelled")

    class Organ(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        PRESIDENCY = "presidency", _("Presidency")
        TECHNICAL_SECRETARIAT = "technical_secretariat", _("Technical Secretariat")
        PETIT_COMMITTEE = "petit_committee", _("Petit Comité")

    OPEN_STATUSES = (Status.PENDING, Status.IN_PROGRESS, Status.OVERDUE)

    number = models.CharField(_("number"), max_length=20, unique=True)
    year = models.PositiveIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agreements")
    motion = models.OneToOneField(
        Motion, on_delete=models.PROTECT, null=True, blank=True, related_name="agreement"
    )
    text = models.TextField(_("text"))
    responsible_bodies = models.ManyToManyField(
        NationalBody, blank=True, related_name="agreements", verbose_name=_("responsible bodies")
    )
    responsible_organs = models.JSONField(_("responsible organs"), default=list, blank=True)
    activities = models.ManyToManyField(
        "plans.Activity",
        blank=True,
        related_name="agreements",
        verbose_name=_("POA activities"),
        help_text=_("POA activities this agreement advances."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    fulfilled_on = models.DateField(_("fulfilled on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="agreement_number_unique")
        ]

    def __str__(self) -> str:
        return self.number

    def get_responsible_organs_display(self) -> list[str]:
        labels = dict(self.Organ.choices)
        return [str(labels.get(o, o)) for o in self.responsible_organs]


def evidence_upload_to(instance: AgreementFollowUp, filename: str) -> str:
    return f"agreements/{instance.agreement_id}/{filename}"


class AgreementFollowUp(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_upload_to, blank=True)
    new_status = models.CharField(
        _("new status"), max_length=12, choices=Agreement.Status.choices, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "date", "pk"]
        verbose_name = _("follow-up entry")
        verbose_name_plural = _("follow-up entries")

    def __str__(self) -> str:
        return f"{self.date} · {self.note[:60]}"


def country_report_upload_to(instance: CountryReport, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/country-reports/{filename}"


class CountryReport(models.Model):
    """The updated report each member country presents at each session (003 §VIII Pleno)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="country_reports")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("report"), blank=True)
    file = models.FileField(_("file"), upload_to=country_report_upload_to, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "country__name_es"]
        verbose_name = _("country report")
        verbose_name_plural = _("country reports")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "country"], name="one_report_per_country")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.country_id}"


class Minutes(models.Model):
    """The minutes (acta) of a meeting, drafted by ST from the meeting's records (003 §VIII
    ST 11), circulated for comments, approved at the next meeting's agenda item (Presidency
    10) and then locked; ST is the depositary of the archive (ST 12). `records` is a
    snapshot of the records taken when the draft is generated, so approved minutes never
    change even if a record is corrected later."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CIRCULATED = "circulated", _("Circulated for comments")
        APPROVED = "approved", _("Approved")

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    records = models.JSONField(_("records"), default=dict)
    narrative = models.TextField(_("narrative"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    generated_at = models.DateTimeField(_("generated at"), default=timezone.now)
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_in = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("approved at agenda item"),
    )
    reopen_reason = models.CharField(_("reason for reopening"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting__starts_at"]
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def is_locked(self) -> bool:
        return self.state == self.State.APPROVED


class MinutesComment(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]
