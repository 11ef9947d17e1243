from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def activity_indicator_sources(self) -> list:
        """The POA activity indicators measured from the meeting records, for
        plans.indicators.activity_measures (which cannot import meetings, a layer above)."""
        from meetings.selectors.indicators import activity_indicator_sources

        return activity_indicator_sources()
