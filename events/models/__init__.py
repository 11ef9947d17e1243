from events.models.event import AgendaSlot, Event, EventActor
from events.models.participants import DayAttendance, Participant

__all__ = ["AgendaSlot", "DayAttendance", "Event", "EventActor", "Participant"]
