from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Country, Designation, Person


class PersonFilter(django_filters.FilterSet):
    ROLE_CHOICES = [
        ("titular", _("Titular representative")),
        ("alternate", _("Alternate representative")),
        ("observer", _("Observer")),
    ]

    q = django_filters.CharFilter(method="filter_q", label=_("Name contains"))
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.order_by("name_es"), label=_("Country")
    )
    institution = django_filters.CharFilter(lookup_expr="icontains", label=_("Institution"))
    role = django_filters.ChoiceFilter(choices=ROLE_CHOICES, method="filter_role", label=_("Role"))

    class Meta:
        model = Person
        fields = ["q", "country", "institution", "role"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(first_name__icontains=value) | Q(last_name__icontains=value))

    def filter_role(self, queryset, name, value):
        if value == "observer":
            return queryset.filter(observer_organisation__isnull=False)
        today = timezone.localdate()
        ids = Designation.objects.in_force_on(today).filter(role=value).values("person_id")
        return queryset.filter(pk__in=ids)
