from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # "Was Belize told?" of a committee session asks the committee's countries only.
        from communications.selectors.deliveries import expected_countries_register
        from meetings.models import Meeting
        from meetings.selectors.quorum import meeting_member_countries
        from members.models import Country

        def expected(pk: int):
            meeting = Meeting.objects.filter(pk=pk).first()
            return meeting_member_countries(meeting) if meeting else Country.objects.none()

        expected_countries_register("meetings.meeting", expected)

    def activity_indicator_sources(self) -> list:
        """The POA activity indicators measured from the meeting records, for
        plans.activity_indicators.activity_measures (which cannot import meetings, a layer above)."""
        from meetings.selectors.indicators import activity_indicator_sources

        return activity_indicator_sources()

    def archive_backfill(self) -> dict[str, int]:
        """`manage.py archive_backfill` (communications, a layer below): the meeting
        documents and approved minutes that existed before the archive."""
        from meetings.services.archiving import backfill

        return backfill()
