"""Writes of an event's plan and budget (issue 21; 003 §X, POA 3.1.1): its budget lines, the
funding sources' commitments (money or in kind) and the actual spending.

Rules (each refusal a ValidationError with its code):
- only the Presidency or ST keep the budget (not_organiser);
- budget lines and commitments are added, changed or removed while the event is not
  finished (event_finished); a commitment's status (pledged → received or withdrawn) and
  the expenses are still recorded after the close — the money comes in and is spent after
  the event — but never on a cancelled event (event_cancelled);
- a line with expenses is not removed, nor is its currency changed (line_has_expenses);
- a commitment names one source: an actor, a member country or another named source
  (one_source, the model's constraint); money says how much (amount_required); in kind
  says what is given (description_required);
- a commitment's or an expense's budget line is one of the same event (line_not_of_event);
- an expense is in its budget line's currency (currency_mismatch): amounts are never
  converted;
- every edit carries the version it was read at (stale_version, common.versions)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.versions import claim_version
from events.models import BudgetLine, Event, Expense, FundingCommitment
from events.services.base import attribute_to, locked, refuse, save
from events.services.events import ensure_can_organise, ensure_open
from members.models import Country, User
from plans.models import Actor

EVENT_CANCELLED = _("This event was cancelled: its budget is no longer changed.")
LINE_HAS_EXPENSES = _(
    "Expenses are recorded on this line: remove them before removing the line or changing "
    "its currency."
)
LINE_NOT_OF_EVENT = _("This budget line belongs to another event.")
CURRENCY_MISMATCH = _(
    "An expense is in its budget line's currency (%(currency)s): amounts are never converted."
)

LINE_FIELDS = ("category", "description", "planned", "currency")


def ensure_not_cancelled(event: Event) -> None:
    if event.status == Event.Status.CANCELLED:
        refuse(EVENT_CANCELLED, "event_cancelled")


def _ensure_line_of(event: Event, line: BudgetLine | None) -> None:
    if line is not None and line.event_id != event.pk:
        refuse(LINE_NOT_OF_EVENT, "line_not_of_event")


# --- Budget lines -------------------------------------------------------------------------


@transaction.atomic
def budget_line_save(
    *,
    user: User,
    event: Event,
    category: str,
    description: str,
    planned: Decimal,
    currency: str,
    line: BudgetLine | None = None,
    expected_version: int | None = None,
) -> BudgetLine:
    ensure_can_organise(user)
    event = locked(event)
    ensure_open(event)
    if line is None:
        line = BudgetLine(event=event)
    else:
        _ensure_line_of(event, line)
        if currency != line.currency and line.expenses.exists():
            refuse(LINE_HAS_EXPENSES, "line_has_expenses")
        claim_version(line, expected_version)
    line.category, line.description = category, description.strip()
    line.planned, line.currency = planned, currency
    save(line, user)
    return line


@transaction.atomic
def budget_line_delete(
    *, user: User, line: BudgetLine, expected_version: int | None = None
) -> None:
    ensure_can_organise(user)
    ensure_open(locked(line.event))
    if line.expenses.exists():
        refuse(LINE_HAS_EXPENSES, "line_has_expenses")
    claim_version(line, expected_version)
    attribute_to(line, user)
    line.delete()


# --- Funding commitments ------------------------------------------------------------------


@transaction.atomic
def commitment_save(
    *,
    user: User,
    event: Event,
    kind: str,
    currency: str,
    actor: Actor | None = None,
    country: Country | None = None,
    source_name: str = "",
    description: str = "",
    amount: Decimal | None = None,
    status: str = FundingCommitment.Status.PLEDGED,
    budget_line: BudgetLine | None = None,
    commitment: FundingCommitment | None = None,
    expected_version: int | None = None,
) -> FundingCommitment:
    """Add a commitment, or change one; the model's constraints refuse a commitment without
    exactly one source (one_source), money without an amount (amount_required) and in kind
    without saying what (description_required)."""
    ensure_can_organise(user)
    event = locked(event)
    ensure_open(event)
    _ensure_line_of(event, budget_line)
    if commitment is None:
        commitment = FundingCommitment(event=event)
    else:
        if commitment.event_id != event.pk:
            refuse(LINE_NOT_OF_EVENT, "line_not_of_event")
        claim_version(commitment, expected_version)
    commitment.kind, commitment.currency, commitment.status = kind, currency, status
    commitment.actor, commitment.country = actor, country
    commitment.source_name, commitment.description = source_name.strip(), description.strip()
    commitment.amount, commitment.budget_line = amount, budget_line
    save(commitment, user)
    return commitment


@transaction.atomic
def commitment_set_status(
    *,
    user: User,
    commitment: FundingCommitment,
    status: str,
    expected_version: int | None,
) -> FundingCommitment:
    """Pledged → received or withdrawn (or back): recorded after the close too, not on a
    cancelled event."""
    ensure_can_organise(user)
    ensure_not_cancelled(locked(commitment.event))
    claim_version(commitment, expected_version)
    commitment.status = status
    save(commitment, user)
    return commitment


# --- Expenses -----------------------------------------------------------------------------


@transaction.atomic
def expense_save(
    *,
    user: User,
    event: Event,
    budget_line: BudgetLine,
    spent_on: dt.date,
    description: str,
    amount: Decimal,
    currency: str | None = None,
    expense: Expense | None = None,
    expected_version: int | None = None,
) -> Expense:
    """Record what was spent on a line of the event (also after the close), in the line's
    currency (`currency`, if given, must be it)."""
    ensure_can_organise(user)
    event = locked(event)
    ensure_not_cancelled(event)
    _ensure_line_of(event, budget_line)
    if currency and currency != budget_line.currency:
        refuse(CURRENCY_MISMATCH, "currency_mismatch", currency=budget_line.currency)
    if expense is None:
        expense = Expense(event=event, recorded_by=user)
    else:
        if expense.event_id != event.pk:
            refuse(LINE_NOT_OF_EVENT, "line_not_of_event")
        claim_version(expense, expected_version)
    expense.budget_line, expense.currency = budget_line, budget_line.currency
    expense.spent_on, expense.description, expense.amount = spent_on, description.strip(), amount
    save(expense, user)
    return expense


@transaction.atomic
def expense_delete(*, user: User, expense: Expense, expected_version: int | None = None) -> None:
    ensure_can_organise(user)
    ensure_not_cancelled(locked(expense.event))
    claim_version(expense, expected_version)
    attribute_to(expense, user)
    expense.delete()
