"""The admission of members and observers (issue 22): a country is invited by a Plenary
agreement, then admitted as a member or an observer country by another (003 §I note 1; 001
§4.A.6), which opens its membership on the day of admission; an organisation is invited as
an observer by a Plenary agreement (003 §VIII: "que se acuerde sean invitadas") and is an
observer from the day it accepts. An invitation may also be declined or withdrawn.

Every refusal is a ValidationError with a code:
- not_allowed: only the Presidency and ST record admissions;
- not_a_plenary_agreement: only agreements of an ordinary or extraordinary plenary;
- agreement_after_date: the agreement's meeting comes after the invitation or admission;
- admitted_before_invitation: an admission is on or after its invitation;
- already_member / already_observer: the subject already is one on that day;
- already_invited: one open invitation per country or organisation;
- not_invited: only an open invitation is admitted, declined or withdrawn;
- agreement_required: a country is admitted by an agreement of its own;
- unknown_country, subject_required, reason_required, membership_overlaps."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from common.validators import validate_document_upload
from common.versions import claim_version
from meetings.models import Agreement
from members.models import Country, Membership, ObserverOrganisation
from presidency import permissions
from presidency.models import Admission
from presidency.services.base import refuse, save

Subject = Admission.Subject
Status = Admission.Status


def _ensure_allowed(user) -> None:
    if not permissions.can_manage_admissions(user):
        refuse(
            _("Only the Presidency and the Technical Secretariat record admissions."), "not_allowed"
        )


def check_agreement(agreement: Agreement, day: dt.date) -> None:
    """Only an agreement of a Plenary (ordinary or extraordinary), taken on or before `day`."""
    meeting = agreement.meeting
    if not meeting.is_plenary:
        refuse(
            _("Agreement %(number)s was not taken by a Plenary: only the Plenary admits."),
            "not_a_plenary_agreement",
            number=agreement.number,
        )
    if meeting.date > day:
        refuse(
            _("Agreement %(number)s was taken on %(taken)s, after %(day)s."),
            "agreement_after_date",
            number=agreement.number,
            taken=meeting.date,
            day=day,
        )


def country_from_iso(iso_code: str, user) -> Country:
    """The country of this ISO 3166-1 alpha-2 code, created with its Spanish and English
    names (django-countries) if the Coalition has never had it."""
    code = (iso_code or "").strip().upper()
    existing = Country.objects.filter(iso_code=code).first()
    if existing:
        return existing
    if len(code) != 2 or countries.alpha2(code) != code:
        refuse(_("%(iso)s is not an ISO 3166-1 country code."), "unknown_country", iso=code)
    names = {}
    for language in ("es", "en"):
        with translation.override(language):
            names[language] = str(countries.name(code))
    country = Country(iso_code=code, name_es=names["es"], name_en=names["en"])
    save(country, user)
    return country


def _membership_on(country: Country, day: dt.date) -> Membership | None:
    return (
        Membership.objects.in_force_on(day).filter(country=country).order_by("-start_date").first()
    )


def _refuse_if_already(subject: str, membership: Membership | None) -> None:
    if membership is None:
        return
    if membership.status == Membership.Status.MEMBER:
        refuse(
            _("%(country)s is already a member country on that day."),
            "already_member",
            country=membership.country,
        )
    if subject == Subject.OBSERVER_COUNTRY:
        refuse(
            _("%(country)s is already an observer country on that day."),
            "already_observer",
            country=membership.country,
        )


@transaction.atomic
def admission_invite(
    *,
    user,
    subject: str,
    country: Country | None = None,
    iso_code: str | None = None,
    organisation: ObserverOrganisation | None = None,
    invitation_agreement: Agreement,
    invited_on: dt.date,
    letter: UploadedFile | None = None,
    note: str = "",
) -> Admission:
    """Record a Plenary's invitation of a country (as a member or an observer country) or of
    an organisation (as an observer)."""
    _ensure_allowed(user)
    if subject in Admission.COUNTRY_SUBJECTS:
        if country is None and not iso_code:
            refuse(_("Name the country invited."), "subject_required")
        if country is None:
            country = country_from_iso(iso_code or "", user)
        # One open invitation per country: concurrent invitations wait on the country's row.
        country = Country.objects.select_for_update().get(pk=country.pk)
        organisation = None
        _refuse_if_already(subject, _membership_on(country, invited_on))
        open_invitation = Admission.objects.filter(country=country, status=Status.INVITED)
    elif subject == Subject.OBSERVER_ORGANISATION:
        if organisation is None:
            refuse(_("Name the organisation invited."), "subject_required")
        organisation = ObserverOrganisation.objects.select_for_update().get(pk=organisation.pk)
        country = None
        if organisation.role == ObserverOrganisation.Role.OBSERVER:
            refuse(
                _("%(organisation)s is already an observer."),
                "already_observer",
                organisation=organisation,
            )
        open_invitation = Admission.objects.filter(organisation=organisation, status=Status.INVITED)
    else:
        refuse(_("Choose what the invitation is for."), "subject_required")
    if open_invitation.exists():
        refuse(
            _("%(subject)s already has an open invitation: admit, decline or withdraw it first."),
            "already_invited",
            subject=country or organisation,
        )
    check_agreement(invitation_agreement, invited_on)
    if letter:
        validate_document_upload(letter)
    admission = Admission(
        subject=subject,
        country=country,
        organisation=organisation,
        invitation_agreement=invitation_agreement,
        invited_on=invited_on,
        note=note,
        created_by=user,
    )
    save(admission, user)
    if letter:
        admission.letter.save(letter.name, letter, save=False)
        save(admission, user)
    return admission


def _open_locked(admission: Admission, version: int | None) -> Admission:
    claim_version(admission, version)
    admission = Admission.objects.select_for_update().get(pk=admission.pk)
    if admission.status != Status.INVITED:
        refuse(
            _("This admission is %(status)s: only an open invitation can change."),
            "not_invited",
            status=admission.get_status_display(),
        )
    return admission


@transaction.atomic
def admission_admit(
    *,
    user,
    admission: Admission,
    admission_agreement: Agreement | None = None,
    admitted_on: dt.date,
    version: int | None,
) -> Admission:
    """The invited country becomes a member or an observer country from `admitted_on` (its
    membership opens that day; an observer country that becomes a member stops being an
    observer the day before); the invited organisation becomes an observer. Cannot be undone."""
    _ensure_allowed(user)
    admission = _open_locked(admission, version)
    if admitted_on < admission.invited_on:
        refuse(
            _("The admission (%(admitted)s) cannot precede the invitation (%(invited)s)."),
            "admitted_before_invitation",
            admitted=admitted_on,
            invited=admission.invited_on,
        )
    is_country = admission.subject in Admission.COUNTRY_SUBJECTS
    if admission_agreement is None and is_country:
        refuse(_("A country is admitted by a Plenary agreement."), "agreement_required")
    if admission_agreement is not None:
        check_agreement(admission_agreement, admitted_on)
    if is_country:
        admission.membership = _open_membership(admission, admitted_on, admission_agreement, user)
    else:
        organisation = admission.organisation
        organisation.role = ObserverOrganisation.Role.OBSERVER
        organisation.active = True
        save(organisation, user)
    admission.status = Status.ADMITTED
    admission.admitted_on = admitted_on
    admission.admission_agreement = admission_agreement
    save(admission, user)
    return admission


def _open_membership(admission: Admission, day: dt.date, agreement: Agreement, user) -> Membership:
    country = Country.objects.select_for_update().get(pk=admission.country_id)
    current = _membership_on(country, day)
    _refuse_if_already(admission.subject, current)
    later = Membership.objects.filter(country=country, start_date__gt=day)
    if current is not None and current.start_date >= day or later.exists():
        refuse(
            _("%(country)s has a membership from that day or later: correct it first."),
            "membership_overlaps",
            country=country,
        )
    if current is not None:  # an observer country becoming a member
        current.end_date = day - dt.timedelta(days=1)
        save(current, user)
    status = (
        Membership.Status.MEMBER
        if admission.subject == Subject.MEMBER_COUNTRY
        else Membership.Status.OBSERVER
    )
    membership = Membership(
        country=country,
        status=status,
        start_date=day,
        note=(_("Admitted by agreement %(number)s") % {"number": agreement.number})[:300],
    )
    save(membership, user)
    return membership


def _close(user, admission: Admission, reason: str, version: int | None, status: str):
    _ensure_allowed(user)
    if not (reason or "").strip():
        refuse(_("Say why."), "reason_required")
    admission = _open_locked(admission, version)
    admission.status = status
    admission.closed_reason = reason.strip()[:500]
    save(admission, user, reason=admission.closed_reason)
    return admission


@transaction.atomic
def admission_decline(*, user, admission: Admission, reason: str, version: int | None):
    """The invited country or organisation declined the invitation."""
    return _close(user, admission, reason, version, Status.DECLINED)


@transaction.atomic
def admission_withdraw(*, user, admission: Admission, reason: str, version: int | None):
    """The Coalition withdrew its invitation."""
    return _close(user, admission, reason, version, Status.WITHDRAWN)
