from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events beyond the plenary: seminars, workshops, encounters and national sessions,
    with their participants, agenda and registration (issue 21)."""

    name = "events"
    verbose_name = _("Events")

    def activity_indicator_sources(self) -> list:
        """The POA activity indicators measured from the events' records (plan and budget),
        for plans.activity_indicators.activity_measures (which cannot import events, a layer above)."""
        from events.selectors.budget import activity_indicator_sources

        return activity_indicator_sources()
