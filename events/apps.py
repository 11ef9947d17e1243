from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events beyond the plenary: seminars, workshops, encounters and national sessions,
    with their participants, agenda and registration (issue 21)."""

    name = "events"
    verbose_name = _("Events")
