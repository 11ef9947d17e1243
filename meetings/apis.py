"""/api/v1/ endpoints of meetings (SPEC §3, §7): the public part of the meeting records and
the agreements register. Read-only.

Public part (issue #8): kind, number, title, dates, host, modality, status, the latest
quorum verification (N, required, represented ISO codes, reached, when) and the decisions
whose result the reader may see (text, method, majority rule, yes / no / abstain counts,
outcome, agreement number): for everyone but the Presidency and ST, only published ones
(meetings.selectors.motion_result_view, the rule of the meeting page and the minutes).
Never the names of the people present, their contacts, the join link, documents, minutes
drafts, or how each country voted. Draft meetings are shown only to those who convene them
(meetings.permissions.can_steer). Decisions and agreements taken on a restricted agenda item
are never shown to partners or observers (meetings.selectors.visible_to); an agreement's
status is the one it reads as today (overdue derived: meetings.selectors.agreements)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from common.api.filters import IdFilter, YearFilter
from common.api.views import ApiReadOnlyViewSet
from meetings.models import AgendaItem, Agreement, Meeting, Motion, QuorumVerification, Vote
from meetings.permissions import can_steer
from meetings.selectors import (
    agreement_list,
    meeting_list,
    motion_states_with_visible_outcome,
    required_yes,
    result_audience,
    visible_to,
)
from members.models import NationalBody
from plans.models import Activity


class QuorumSerializer(serializers.ModelSerializer):
    represented = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = QuorumVerification
        fields = ["n_members", "required", "represented", "reached", "verified_at"]


class DecisionSerializer(serializers.ModelSerializer):
    agenda_item = serializers.IntegerField(source="agenda_item.order", read_only=True)
    yes = serializers.IntegerField(source="n_yes", read_only=True)
    no = serializers.IntegerField(source="n_no", read_only=True)
    abstain = serializers.IntegerField(source="n_abstain", read_only=True)
    entitled = serializers.SerializerMethodField()
    required_yes = serializers.SerializerMethodField()
    agreement = serializers.SerializerMethodField()

    class Meta:
        model = Motion
        fields = [
            "id",
            "agenda_item",
            "text",
            "decision_method",
            "majority_rule",
            "entitled",
            "required_yes",
            "yes",
            "no",
            "abstain",
            "outcome",
            "agreement",
            "closed_at",
        ]

    @extend_schema_field(serializers.IntegerField())
    def get_entitled(self, motion: Motion) -> int:
        return len(motion.entitled_countries or [])

    @extend_schema_field(serializers.IntegerField())
    def get_required_yes(self, motion: Motion) -> int:
        """meetings.selectors.required_yes: simple majority, two thirds or unanimity of the
        member countries represented when the vote opened."""
        return required_yes(motion.majority_rule, len(motion.entitled_countries or []))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_agreement(self, motion: Motion) -> str | None:
        agreement = getattr(motion, "agreement", None)
        return agreement.number if agreement else None


class MeetingSerializer(serializers.ModelSerializer):
    host_country = serializers.SlugRelatedField(
        slug_field="iso_code", read_only=True, allow_null=True
    )
    quorum = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    time_zone = serializers.CharField(
        read_only=True,
        help_text="The IANA zone of the venue; starts_at and ends_at carry its UTC offset.",
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "number",
            "title",
            "starts_at",
            "ends_at",
            "time_zone",
            "host_country",
            "city",
            "modality",
            "status",
            "quorum",
            "decisions",
        ]

    def to_representation(self, meeting: Meeting) -> dict:
        """Start and end as the venue's clock reads them, with its offset (the same instant
        as in UTC; a reader sees 09:00-05:00 for a 09:00 meeting in Panamá)."""
        data = super().to_representation(meeting)
        field = serializers.DateTimeField()
        with timezone.override(meeting.zone):
            data["starts_at"] = field.to_representation(meeting.starts_at)
            data["ends_at"] = field.to_representation(meeting.ends_at)
        return data

    @extend_schema_field(QuorumSerializer(allow_null=True))
    def get_quorum(self, meeting: Meeting) -> dict | None:
        verifications = meeting.latest_quorum
        return QuorumSerializer(verifications[0]).data if verifications else None

    @extend_schema_field(DecisionSerializer(many=True))
    def get_decisions(self, meeting: Meeting) -> list[dict]:
        motions = [m for item in meeting.agenda_items.all() for m in item.decided_motions]
        return DecisionSerializer(motions, many=True).data


def public_meetings(*, user) -> QuerySet[Meeting]:
    """Meetings with their latest quorum verification and the decided motions whose result
    `user` may see (with vote counts and agreement): 4 queries whatever the number of
    meetings, items or motions."""
    counts = {
        f"n_{choice}": Count("votes", filter=Q(votes__choice=choice))
        for choice in (Vote.Choice.YES, Vote.Choice.NO, Vote.Choice.ABSTAIN)
    }
    motions = (
        Motion.objects.filter(state__in=motion_states_with_visible_outcome(result_audience(user)))
        .select_related("agreement", "agenda_item")
        .annotate(**counts)
        .order_by("agenda_item__order", "pk")
    )
    # Restricted items, and the decisions taken on them, never reach a non-member.
    items = visible_to(user, AgendaItem.objects.order_by("order")).prefetch_related(
        Prefetch("motions", queryset=motions, to_attr="decided_motions")
    )
    qs = meeting_list().prefetch_related(
        Prefetch(
            "quorum_verifications",
            queryset=QuorumVerification.objects.order_by("-verified_at", "-pk"),
            to_attr="latest_quorum",
        ),
        Prefetch("agenda_items", queryset=items),
    )
    if not can_steer(user):
        qs = qs.exclude(status=Meeting.Status.DRAFT)
    return qs


class MeetingFilter(filters.FilterSet):
    year = YearFilter(method="filter_year", label="Year of the meeting")
    country = filters.CharFilter(
        field_name="host_country__iso_code",
        lookup_expr="iexact",
        max_length=2,
        label="Host country (ISO code)",
    )
    starts_after = filters.DateFilter(field_name="starts_at", lookup_expr="date__gte")
    starts_before = filters.DateFilter(field_name="starts_at", lookup_expr="date__lte")

    class Meta:
        model = Meeting
        fields = ["year", "kind", "status", "modality", "country", "starts_after", "starts_before"]

    def filter_year(self, queryset, name, value):
        tz = timezone.get_current_timezone()
        start = dt.datetime(int(value), 1, 1, tzinfo=tz)
        end = dt.datetime(int(value) + 1, 1, 1, tzinfo=tz)
        return queryset.filter(starts_at__gte=start, starts_at__lt=end)


@extend_schema_view(
    list=extend_schema(summary="Meetings: the public record"),
    retrieve=extend_schema(summary="One meeting: the public record"),
)
class MeetingViewSet(ApiReadOnlyViewSet):
    """Plenary, technical and committee meetings with their verified quorum (001 §4.A.7)
    and the decisions taken, with vote counts per outcome (SPEC §3). No personal data."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    ordering_fields = ["starts_at", "number"]

    def get_queryset(self):
        return public_meetings(user=self.request.user)


class ResponsibleBodySerializer(serializers.Serializer):
    acronym = serializers.CharField()
    country = serializers.CharField(source="country.iso_code")


class AgreementActivitySerializer(serializers.ModelSerializer):
    poa = serializers.IntegerField(source="operational_objective.poa.year")

    class Meta:
        model = Activity
        fields = ["id", "poa", "code"]


class AgreementSerializer(serializers.ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    responsible_bodies = ResponsibleBodySerializer(many=True, read_only=True)
    responsible_organs = serializers.ListField(
        child=serializers.ChoiceField(choices=Agreement.Organ.choices), read_only=True
    )
    activities = AgreementActivitySerializer(many=True, read_only=True)
    status = serializers.ChoiceField(
        source="current_status",
        choices=Agreement.Status.choices,
        read_only=True,
        help_text="The status the agreement reads as today: an open agreement past its due "
        "date is overdue.",
    )

    class Meta:
        model = Agreement
        fields = [
            "id",
            "number",
            "year",
            "sequence",
            "meeting",
            "meeting_title",
            "text",
            "status",
            "due_date",
            "fulfilled_on",
            "responsible_bodies",
            "responsible_organs",
            "activities",
            "created_at",
        ]


class AgreementFilter(filters.FilterSet):
    year = YearFilter()
    status = filters.ChoiceFilter(
        choices=Agreement.Status.choices,
        field_name="current_status",
        label="Status as read today (overdue: open and past its due date)",
    )
    country = filters.CharFilter(
        method="filter_country", max_length=2, label="Responsible national body's country (ISO)"
    )
    organ = filters.ChoiceFilter(
        choices=Agreement.Organ.choices, method="filter_organ", label="Responsible organ"
    )
    meeting = IdFilter(field_name="meeting_id")
    due_after = filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Agreement
        fields = ["year", "status", "country", "organ", "meeting", "due_after", "due_before"]

    def filter_country(self, queryset, name, value):
        ids = Agreement.objects.filter(responsible_bodies__country__iso_code__iexact=value).values(
            "pk"
        )
        return queryset.filter(pk__in=ids)

    def filter_organ(self, queryset, name, value):
        # JSON containment is not available on SQLite: match the quoted choice.
        return queryset.filter(responsible_organs__icontains=f'"{value}"')


@extend_schema_view(list=extend_schema(summary="The agreements register"))
class AgreementViewSet(ApiReadOnlyViewSet):
    """Agreements (acuerdos) adopted by the Plenary: number, text, status, due date and
    who is responsible (national bodies and regional organs), with the POA activities they
    advance."""

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    ordering_fields = ["year", "sequence", "due_date", "status"]

    def get_queryset(self):
        activities = Activity.objects.select_related("operational_objective__poa").order_by("pk")
        return (
            agreement_list(user=self.request.user)
            .prefetch_related(None)
            .prefetch_related(
                Prefetch(
                    "responsible_bodies",
                    queryset=NationalBody.objects.select_related("country").order_by("acronym"),
                ),
                Prefetch("activities", queryset=activities),
            )
        )
