"""Country reports: each member country presents an updated report at each session
(003 §VIII Pleno)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.validators import validate_document_upload
from meetings import rules
from meetings.models import CountryReport, Meeting
from members.models import Country, User

REPORT_EMPTY = _("Write the report or upload it.")


@transaction.atomic
def country_report_submit(
    *,
    user: User,
    meeting: Meeting,
    text: str = "",
    file: UploadedFile | None = None,
    country: Country | None = None,
) -> CountryReport:
    """A focal point or delegate submits their own country's; ST any country's, naming it
    (rules.country_report_refusal)."""
    if user.is_secretariat and country is None:
        raise ValidationError(rules.NOT_YOUR_COUNTRY, code="not_your_country")
    rules.refuse(rules.country_report_refusal(user=user, meeting=meeting))
    if not user.is_secretariat:
        own = user.national_body.country
        if country is not None and country.pk != own.pk:
            raise PermissionDenied(rules.NOT_YOUR_COUNTRY)
        country = own
    if not text.strip() and file is None:
        raise ValidationError(REPORT_EMPTY, code="report_empty")
    report = CountryReport.objects.filter(
        meeting=meeting, country=country
    ).first() or CountryReport(meeting=meeting, country=country)
    report.text = text
    report.submitted_by = user
    report.submitted_at = timezone.now()
    if file is not None:
        validate_document_upload(file)
        report.file = file  # written by save(), after the checks
    report.full_clean(exclude=["file"])
    report.save()
    return report
