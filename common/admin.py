"""The admin shows records and their history; it does not change what carries rules. Every
change to such a record goes through its app's services (rules, locks, optimistic
concurrency), i.e. through the pages or the API: a record changed behind the services'
back would escape the rules of SPEC §5."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class RevertNeedsChangePermission:
    """simple_history's "revert to this version" form (history_form_view) asks for the view
    permission only, and its POST saves the old version (it builds an add form, so Django
    does not strip the fields): without this, a read-only record could be rewritten from its
    history behind the services' back."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class NoChanges:
    """Nobody adds, changes or deletes through this admin: it only shows."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(RevertNeedsChangePermission, NoChanges, SimpleHistoryAdmin):
    """A model's admin that shows its records and their history."""


class ReadOnlyInline(NoChanges, admin.options.InlineModelAdmin):
    """An inline that shows its rows and offers no way to add, change or delete them."""

    extra = 0
    can_delete = False
