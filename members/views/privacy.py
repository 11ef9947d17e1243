"""Pages of an official's data (issue 23, data protection): download everything the platform
holds on a person (ST, or the person themself) and erase it on request (ST)."""

from __future__ import annotations

import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from common.views import form_page
from members.models import Person
from members.permissions import ensure_secretariat
from members.requests import AuthenticatedRequest
from members.selectors.privacy import can_export_person_data, person_data_export
from members.services.privacy import person_anonymise


class AnonymiseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (e.g. the person's request and its date)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
    )


@login_required
@require_GET
def person_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    if not can_export_person_data(request.user, person):
        raise PermissionDenied
    data = person_data_export(person)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def person_anonymise_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    person = get_object_or_404(Person, pk=pk)
    form = AnonymiseForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: person_anonymise(request.user, person, form.cleaned_data["reason"]),
        success=_("The person's data was erased; their institutional record remains."),
        next_url=reverse("members:person-list"),
        template="members/person_anonymise.html",
        context={"person": person},
    )
