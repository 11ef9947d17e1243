"""The log of every message sent (issue 18, "who was told what"): ST and the Presidency see
each delivery — comunicados and automatic notices —, filter it (kind, country, recipient,
state, dates, what it is about), export it, and for one notice read per member country who
was told and who was not."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from common.forms import DateInput
from common.tabular import tabular_response
from communications.models import Delivery
from communications.selectors import deliveries as selectors
from members.models import Country
from members.requests import AuthenticatedRequest

PAGE_SIZE = 50


class NoticeLogForm(forms.Form):
    """The log's filters (GET). `about` is `app_label.model:pk`, e.g. `meetings.meeting:12`;
    `country` the ISO code, e.g. `BZ`."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", "—"), *Delivery.Kind.choices],
        required=False,
    )
    country = forms.ModelChoiceField(
        label=gettext_lazy("Country"),
        queryset=Country.objects.order_by("name_es"),
        to_field_name="iso_code",
        required=False,
    )
    q = forms.CharField(label=gettext_lazy("Recipient"), max_length=100, required=False)
    state = forms.ChoiceField(
        label=gettext_lazy("State"), choices=[("", "—"), *Delivery.State.choices], required=False
    )
    date_from = forms.DateField(label=gettext_lazy("From"), widget=DateInput(), required=False)
    date_to = forms.DateField(label=gettext_lazy("Until"), widget=DateInput(), required=False)
    about = forms.CharField(
        label=gettext_lazy("About"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("e.g. meetings.meeting:12"),
    )

    def clean_about(self):
        value = self.cleaned_data["about"].strip()
        if not value:
            return None
        about = selectors.about_parse(value)
        if about is None:
            raise forms.ValidationError(
                _("Write what the notice is about as app.model:number, e.g. meetings.meeting:12."),
                code="about_invalid",
            )
        return about

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


# The filters that say which notice a summary is of (the others narrow the rows shown).
NOTICE_FILTERS = ("kind", "about", "date_from", "date_to")

CSV_HEADERS = [
    gettext_lazy("Queued at"),
    gettext_lazy("Sent at"),
    gettext_lazy("Kind"),
    gettext_lazy("Recipient"),
    gettext_lazy("E-mail"),
    gettext_lazy("Country"),
    gettext_lazy("Organisation"),
    gettext_lazy("Subject"),
    gettext_lazy("State"),
    gettext_lazy("Error"),
    gettext_lazy("Link"),
    gettext_lazy("About"),
]


def _about_key(delivery: Delivery) -> str:
    if delivery.communique_id:
        return f"communications.communique:{delivery.communique_id}"
    if delivery.about_type_id:
        ct = delivery.about_type
        return f"{ct.app_label}.{ct.model}:{delivery.about_id}"
    return ""


def _csv_row(d: Delivery) -> list:
    return [
        d.created_at.isoformat(timespec="seconds"),
        d.sent_at.isoformat(timespec="seconds") if d.sent_at else "",
        d.get_kind_display(),
        d.name,
        d.email,
        d.country.iso_code if d.country_id else "",
        d.organisation,
        d.subject,
        d.get_state_display(),
        d.error,
        d.link,
        _about_key(d),
    ]


@login_required
@require_GET
def notice_log(request: AuthenticatedRequest) -> HttpResponse:
    if not selectors.can_read_notice_log(request.user):
        raise PermissionDenied
    form = NoticeLogForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    filters = {k: v for k, v in (form.cleaned_data if form.is_bound else {}).items() if v}
    log = selectors.delivery_log(**filters) if valid else Delivery.objects.none()
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        rows = (_csv_row(d) for d in log.iterator(chunk_size=500))
        return tabular_response(filename="avisos", headers=CSV_HEADERS, rows=rows, fmt=fmt)
    page = Paginator(log, PAGE_SIZE).get_page(request.GET.get("page"))
    for delivery in page:
        delivery.about_key = _about_key(delivery)
        delivery.badge = selectors.STATE_BADGE[delivery.state]
    summary = None
    if valid and (filters.get("about") or filters.get("kind")):
        # The notice's every recipient, whatever the country, recipient or state filters:
        # each member country told or not.
        notice = {k: v for k, v in filters.items() if k in NOTICE_FILTERS}
        everyone = selectors.delivery_log(**notice)
        summary = selectors.told_by_country(everyone, about=filters.get("about"))
    query = request.GET.copy()
    query.pop("page", None)
    export = query.copy()
    export.pop("format", None)
    return render(
        request,
        "communications/notices/log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "export_query": export.urlencode(),
            "summary": summary,
            "not_told": selectors.not_told(summary) if summary else [],
        },
    )
