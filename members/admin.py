"""The registry in the admin. The admin is a third way in, beside the pages and the API, so
it keeps no copies of the rules: what carries a rule of SPEC §2 is read-only here and is
changed through the pages, which call members.services (designations, people, offices,
committees), or through members/data/coalition.yaml and its loader (memberships, offices,
the Petit Comité). What carries no rule
beyond the database's own constraints stays editable."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models as models_
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ReadOnlyAdmin, ReadOnlyInline, RevertNeedsChangePermission
from members import models


class MembershipInline(ReadOnlyInline, admin.TabularInline):
    """Membership periods decide who counts for quorum and votes (SPEC §3); they come from
    coalition.yaml through members.loaders.load_coalition."""

    model = models.Membership


@admin.register(models.Country)
class CountryAdmin(SimpleHistoryAdmin):
    list_display = ["iso_code", "name_es", "name_en"]
    search_fields = ["iso_code", "name_es", "name_en"]
    inlines = [MembershipInline]


@admin.register(models.NationalBody)
class NationalBodyAdmin(SimpleHistoryAdmin):
    list_display = ["acronym", "name", "country", "kind", "crimes", "legal_basis"]
    list_filter = ["kind", "crimes"]
    search_fields = ["acronym", "name", "lead_institution"]
    list_select_related = ["country"]
    formfield_overrides = {models_.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        # Moving a body to another country would leave its designations with people of the
        # old one (services.designation_create: PERSON_OF_ANOTHER_COUNTRY).
        return ["country"] if obj is not None else []


@admin.register(models.ObserverOrganisation)
class ObserverOrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["acronym", "name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["acronym", "name", "name_en"]
    formfield_overrides = {models_.URLField: {"assume_scheme": "https"}}


@admin.register(models.Person)
class PersonAdmin(ReadOnlyAdmin):
    """People are added and edited on the directory's pages (services.person_create and
    person_update: who may change whom, and no move away from a designating body's country)."""

    list_display = ["last_name", "first_name", "country", "observer_organisation", "institution"]
    list_filter = ["country", "observer_organisation", "language"]
    search_fields = ["first_name", "last_name", "institution", "email"]
    list_select_related = ["country", "observer_organisation"]


@admin.register(models.Designation)
class DesignationAdmin(ReadOnlyAdmin):
    """Designations are recorded and revoked on the national body's page, through
    services.designation_create and designation_revoke (001 §4.A.1: the person is of the
    body's country, 2 titular + 2 alternates in force, revocation not before the start)."""

    list_display = ["person", "national_body", "role", "start_date", "end_date", "revoked_on"]
    list_filter = ["role", "national_body"]
    search_fields = ["person__first_name", "person__last_name", "national_body__acronym"]
    list_select_related = ["person", "national_body"]
    date_hierarchy = "start_date"


@admin.register(models.Office)
class OfficeAdmin(ReadOnlyAdmin):
    """Offices define the Presidency and the ST's term, hence the biennial report's period
    (003 §IX); the 2011 ones come from coalition.yaml (members.loaders.load_coalition), new
    holders are recorded on the offices page (services.office_holder_record: one holder per
    office at a time, the ST's two-year term)."""

    list_display = ["kind", "country", "start_date", "end_date", "end_is_latest"]
    list_filter = ["kind", "country"]


class CommitteeCountryInline(ReadOnlyInline, admin.TabularInline):
    """A committee's member countries make its sessions' quorum and vote."""

    model = models.CommitteeCountry


class CommitteeMemberInline(ReadOnlyInline, admin.TabularInline):
    model = models.CommitteeMember


@admin.register(models.Committee)
class CommitteeAdmin(ReadOnlyAdmin):
    """Committees are kept on their pages (services.committee_create / committee_update,
    committee_country_add, committee_member_add: member countries of the Coalition, people
    of those countries, a code for the decisions' numbers); the Petit Comité comes from
    coalition.yaml."""

    list_display = ["name", "code", "kind", "created_on", "dissolved_on"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    inlines = [CommitteeCountryInline, CommitteeMemberInline]


@admin.register(models.User)
class UserAdmin(RevertNeedsChangePermission, BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "get_full_name", "role", "national_body", "is_active"]
    list_filter = ["role", "national_body", "is_active", "is_staff"]
    list_select_related = ["national_body"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            _("Role in the coalition"),
            {
                "fields": ("role", "national_body", "observer_organisation", "person", "language"),
            },
        ),
    )

    @staticmethod
    def _is_token_account(obj) -> bool:
        return obj is not None and obj.username.startswith(models.API_ACCOUNT_PREFIX)

    # A token's account is its scope (services.api_token_create): a role changed here would
    # turn a partner's read-only token into a focal point's or ST's. Tokens are issued and
    # revoked on ST's token page; the account stays for the history.
    def has_change_permission(self, request, obj=None) -> bool:
        return not self._is_token_account(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._is_token_account(obj) and super().has_delete_permission(request, obj)


class RatificationInline(admin.TabularInline):
    model = models.Ratification
    extra = 0


@admin.register(models.LegalInstrument)
class LegalInstrumentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "scope", "year"]
    list_filter = ["scope"]
    search_fields = ["name", "code"]
    inlines = [RatificationInline]


@admin.register(models.NationalLaw)
class NationalLawAdmin(SimpleHistoryAdmin):
    list_display = ["name", "country", "year", "crimes"]
    list_filter = ["country", "crimes"]
    search_fields = ["name"]
    list_select_related = ["country"]
