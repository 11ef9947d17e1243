from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from members import models, services


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0


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


@admin.register(models.ObserverOrganisation)
class ObserverOrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["acronym", "name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["acronym", "name", "name_en"]


@admin.register(models.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "country", "observer_organisation", "institution"]
    list_filter = ["country", "observer_organisation", "language"]
    search_fields = ["first_name", "last_name", "institution", "email"]
    list_select_related = ["country", "observer_organisation"]


class DesignationAdminForm(forms.ModelForm):
    class Meta:
        model = models.Designation
        fields = "__all__"  # noqa: DJ007 - the admin edits every field

    def clean(self):
        """The 2+2 rule of 001 §4.A.1 holds in the admin as on the pages."""
        data = super().clean()
        if data.get("national_body") and data.get("role") and data.get("start_date"):
            probe = models.Designation(
                end_date=data.get("end_date"),
                revoked_on=data.get("revoked_on"),
                start_date=data["start_date"],
            )
            services.designation_check_limit(
                body=data["national_body"],
                role=data["role"],
                start=data["start_date"],
                end=probe.effective_end,
                exclude=self.instance.pk,
            )
        return data


@admin.register(models.Designation)
class DesignationAdmin(SimpleHistoryAdmin):
    form = DesignationAdminForm
    list_display = ["person", "national_body", "role", "start_date", "end_date", "revoked_on"]
    list_filter = ["role", "national_body"]
    search_fields = ["person__first_name", "person__last_name", "national_body__acronym"]
    list_select_related = ["person", "national_body"]
    date_hierarchy = "start_date"


@admin.register(models.Office)
class OfficeAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "country", "start_date", "end_date"]
    list_filter = ["kind", "country"]


class CommitteeMemberInline(admin.TabularInline):
    model = models.CommitteeMember
    extra = 0
    autocomplete_fields = ["designation"]


@admin.register(models.Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "created_on", "dissolved_on"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [CommitteeMemberInline]


@admin.register(models.User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
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
