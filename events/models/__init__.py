from events.models.budget import BudgetLine, Expense, FundingCommitment
from events.models.event import AgendaSlot, Event, EventActor
from events.models.groups import EventDocument, EventOutput, WorkingGroup, WorkingGroupRow
from events.models.participants import DayAttendance, Participant

__all__ = [
    "AgendaSlot",
    "BudgetLine",
    "DayAttendance",
    "Event",
    "EventActor",
    "EventDocument",
    "EventOutput",
    "Expense",
    "FundingCommitment",
    "Participant",
    "WorkingGroup",
    "WorkingGroupRow",
]
