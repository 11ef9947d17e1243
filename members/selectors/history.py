"""The latest changes of every audited model and the versions of one object (ST's history
pages)."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps

from common.history_display import displayed_changes


@dataclass(frozen=True)
class ChangeRow:
    record: object
    app_label: str
    model_name: str
    verbose_name: str

    # Fields that name a record by themselves. str() of a historical record rebuilds the
    # instance and follows its foreign keys: one query per row on a page of 100 changes.
    LABEL_FIELDS = ("number", "acronym", "name", "title", "code", "username", "iso_code")

    @property
    def label(self) -> str:
        first, last = (getattr(self.record, f, "") for f in ("first_name", "last_name"))
        if last:
            return f"{first} {last}".strip()
        for name in self.LABEL_FIELDS:
            value = getattr(self.record, name, None)
            if value:
                return f"{value}"[:80]
        return f"#{self.record.id}"


def recent_changes(*, limit: int = 100) -> list[ChangeRow]:
    """The latest history records of every audited model, newest first (ST's history view).

    Discovered from the app registry (every model with django-simple-history), so upper
    apps' models appear without members importing them: one query per audited model.
    """
    rows = []
    for model in apps.get_models():
        # Skip the through-table histories simple-history adds for m2m fields: no history_date.
        is_history = model.__name__.startswith("Historical") and hasattr(model, "instance_type")
        if is_history and any(f.name == "history_date" for f in model._meta.fields):
            meta = model.instance_type._meta
            latest = model.objects.select_related("history_user").order_by("-history_date")
            rows += [
                ChangeRow(r, meta.app_label, meta.model_name, str(meta.verbose_name))
                for r in latest[:limit]
            ]
    rows.sort(key=lambda row: row.record.history_date, reverse=True)
    return rows[:limit]


@dataclass(frozen=True)
class HistoryEntry:
    record: object
    changes: list[tuple[str, str, str]]  # (field label, old, new) as users read them


def object_history(*, app_label: str, model_name: str, pk: int) -> list[HistoryEntry]:
    """Every recorded version of one object with what changed, old → new, newest first.
    All versions come in one query; the diffs are computed between consecutive versions."""
    model = apps.get_model(app_label, model_name)
    if not hasattr(model, "history"):
        raise LookupError(model_name)
    versions = list(
        model.history.filter(id=pk).select_related("history_user").order_by("history_date")
    )
    entries: list[HistoryEntry] = []
    previous = None
    for version in versions:
        changes = []
        if previous is not None:
            delta = version.diff_against(previous)
            changes = displayed_changes(model, delta.changes)
        entries.append(HistoryEntry(record=version, changes=changes))
        previous = version
    return list(reversed(entries))
