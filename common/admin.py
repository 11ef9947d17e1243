"""The admin shows records and their history; it does not change what carries rules. Every
change to such a record goes through its app's services (rules, locks, optimistic
concurrency), i.e. through the pages or the API: a record changed behind the services'
back would escape the rules of SPEC §5."""

from __future__ import annotations

from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
