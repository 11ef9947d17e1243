"""Attendance, recorded by ST during the session (003 §VIII ST 8), accreditation of
alternates for the meeting (001 §4.A.7) and the verification of the quorum (003 §VIII
Presidency 11). Who makes a country represented: meetings.selectors.
attendance_represents_country_q."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.validators import validate_document_upload
from meetings import rules, selectors
from meetings.models import Attendance, Meeting, QuorumVerification
from members.models import Designation, ObserverOrganisation, Person, User

NO_DESIGNATION_IN_FORCE = _(
    "%(person)s has no designation as %(capacity)s in force on the meeting's date (%(day)s)."
)
NOT_AN_OBSERVER = _("%(person)s is not a representative of an observer organisation.")
ALREADY_PRESENT = _("%(person)s is already recorded as present.")
ACCREDITATION_REQUIRED = _(
    "An alternate accredited for this meeting needs the accreditation: upload it or describe it."
)


@transaction.atomic
def attendance_record(
    *,
    user: User,
    meeting: Meeting,
    person: Person,
    capacity: str,
    designation: Designation | None = None,
    observer_organisation: ObserverOrganisation | None = None,
    accredited_for_meeting: bool = False,
    accreditation_file: UploadedFile | None = None,
    accreditation_note: str = "",
    arrived_at: dt.datetime | None = None,
) -> Attendance:
    """ST records who is present (003 §VIII ST 8). A titular or an alternate must hold a
    designation with that role in force on the meeting's date; an alternate counts for
    quorum only when accredited for this meeting, with the accreditation uploaded or
    described (001 §4.A.7). An observer represents an organisation whose role is observer
    (members.selectors.observer_organisations); a supporter's, an invited or a mentioned
    organisation's representative is refused (not_an_observer)."""
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    rules.refuse(rules.attendance_refusal(user=user, meeting=meeting))
    if Attendance.objects.filter(meeting=meeting, person=person, left_at__isnull=True).exists():
        raise ValidationError(ALREADY_PRESENT, code="already_present", params={"person": person})
    attendance = Attendance(
        meeting=meeting,
        person=person,
        capacity=capacity,
        arrived_at=arrived_at or timezone.now(),
        recorded_by=user,
    )
    if capacity == Attendance.Capacity.OBSERVER:
        organisation = observer_organisation or person.observer_organisation
        is_observer = (
            organisation is not None
            and ObserverOrganisation.objects.filter(
                pk=organisation.pk, role=ObserverOrganisation.Role.OBSERVER
            ).exists()
        )
        if not is_observer:  # no organisation, or one that is not an observer (its role)
            raise ValidationError(
                NOT_AN_OBSERVER, code="not_an_observer", params={"person": person}
            )
        if accredited_for_meeting:
            raise ValidationError(
                rules.ONLY_ALTERNATES_ACCREDITED, code="only_alternates_accredited"
            )
        attendance.observer_organisation = organisation
    else:
        in_force = Designation.objects.in_force_on(meeting.date).filter(
            person=person, role=capacity
        )
        if designation is not None:
            in_force = in_force.filter(pk=designation.pk)
        designation = in_force.select_related("national_body").first()
        if designation is None:
            raise ValidationError(
                NO_DESIGNATION_IN_FORCE,
                code="no_designation_in_force",
                params={
                    "person": person,
                    "capacity": Attendance.Capacity(capacity).label,
                    "day": date_format(meeting.date, "SHORT_DATE_FORMAT"),
                },
            )
        attendance.designation = designation
        attendance.country_id = designation.national_body.country_id
        if accredited_for_meeting:
            if capacity != Attendance.Capacity.ALTERNATE:
                raise ValidationError(
                    rules.ONLY_ALTERNATES_ACCREDITED, code="only_alternates_accredited"
                )
            _accredit(attendance, accreditation_file, accreditation_note)
    attendance.full_clean(exclude=["accreditation_file"])
    attendance.save()
    return attendance


def _accredit(attendance: Attendance, file: UploadedFile | None, note: str) -> None:
    if file is None and not note.strip():
        raise ValidationError(ACCREDITATION_REQUIRED, code="accreditation_required")
    if file is not None:
        validate_document_upload(file)
        attendance.accreditation_file = file  # written by save(), after the checks
    attendance.accreditation_note = note.strip()
    attendance.accredited_for_meeting = True


@transaction.atomic
def attendance_accredit(
    *,
    user: User,
    attendance: Attendance,
    accreditation_file: UploadedFile | None = None,
    accreditation_note: str = "",
) -> Attendance:
    """Records the accreditation of a present alternate for this meeting."""
    rules.refuse(rules.accreditation_refusal(user=user, attendance=attendance))
    _accredit(attendance, accreditation_file, accreditation_note)
    attendance.full_clean()
    attendance.save(
        update_fields=["accredited_for_meeting", "accreditation_file", "accreditation_note"]
    )
    return attendance


@transaction.atomic
def attendance_depart(
    *, user: User, attendance: Attendance, left_at: dt.datetime | None = None
) -> Attendance:
    rules.refuse(rules.departure_refusal(user=user, attendance=attendance))
    attendance.left_at = left_at or timezone.now()
    attendance.save(update_fields=["left_at"])
    return attendance


@transaction.atomic
def quorum_verify(*, user: User, meeting: Meeting) -> QuorumVerification:
    """003 §VIII Presidency 11: the Presidency verifies the quorum; the verification is
    stored with its time and the countries represented, reached or not."""
    rules.refuse(rules.quorum_verification_refusal(user=user, meeting=meeting))
    quorum = selectors.meeting_quorum(meeting)
    return QuorumVerification.objects.create(
        meeting=meeting,
        verified_by=user,
        verified_at=timezone.now(),
        n_members=quorum.n_members,
        required=quorum.required,
        represented=quorum.represented_countries,
        reached=quorum.reached,
    )
