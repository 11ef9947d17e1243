"""The badge of an event's status."""

from django import template

from events.models import Event

register = template.Library()

STATUS_BADGES: dict[str, str] = {
    Event.Status.DRAFT: "text-bg-light border",
    Event.Status.CONVENED: "text-bg-primary",
    Event.Status.CLOSED: "text-bg-secondary",
    Event.Status.CANCELLED: "text-bg-danger",
}


@register.filter
def event_status_badge(event: Event) -> str:
    """The Bootstrap classes of the event's status badge."""
    return STATUS_BADGES.get(event.status, "text-bg-secondary")
