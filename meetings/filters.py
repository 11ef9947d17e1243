from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from meetings.models import Agreement, Meeting
from members.models import NationalBody


class AgreementFilter(django_filters.FilterSet):
    """Filters of the agreements register (SPEC §3): status, responsible, meeting, year.
    The status is the one each agreement reads as (overdue derived: selectors.agreements),
    so the queryset must carry `current_status` (selectors.agreement_list)."""

    status = django_filters.ChoiceFilter(
        choices=Agreement.Status.choices, field_name="current_status", label=_("Status")
    )
    body = django_filters.ModelChoiceFilter(
        queryset=NationalBody.objects.select_related("country"),
        field_name="responsible_bodies",
        label=_("Responsible body"),
    )
    organ = django_filters.ChoiceFilter(
        choices=Agreement.Organ.choices, method="filter_organ", label=_("Responsible organ")
    )
    meeting = django_filters.ModelChoiceFilter(
        queryset=Meeting.objects.order_by("-starts_at"), label=_("Meeting")
    )
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = Agreement
        fields = ["status", "body", "organ", "meeting", "year"]

    def filter_organ(self, queryset, name, value):
        # JSON containment is not available on SQLite: match the quoted choice.
        return queryset.filter(responsible_organs__icontains=f'"{value}"')
