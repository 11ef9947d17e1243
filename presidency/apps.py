from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PresidencyConfig(AppConfig):
    """The Presidency's work (issue 22; 003 §VIII Presidency 3–5, 12; 001 §4.A.2, §8):
    representation and its report-back to the next plenary, international cooperation,
    the admission of members and observers, and the follow-up of the Lineamientos."""

    name = "presidency"
    verbose_name = _("Presidency")

    def plenary_changed(self, meeting) -> None:
        """Called by meetings when a plenary is created, closed or cancelled
        (meetings.services.agenda.tell_apps_plenary_changed): the open representation
        entries go on the next plenary's agenda (meetings cannot import presidency, a layer
        above)."""
        from presidency.services.agenda import plenary_changed

        plenary_changed(meeting=meeting)

    def load_source_data(self) -> dict[str, int]:
        """The specific guidelines of the Lineamientos (001 §5 A–F), for manage.py
        load_coalition."""
        from presidency.loaders import load_guidelines

        return load_guidelines()
