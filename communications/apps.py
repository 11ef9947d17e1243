from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = _("Communications and archive")

    def load_source_data(self) -> dict[str, int]:
        """Called by `manage.py load_coalition` after members (INSTALLED_APPS order), whose
        loader has put the regional agreements of 003 §IV.C in place: one archive entry each."""
        from communications.loaders import load_regional_agreements_archive

        return load_regional_agreements_archive()

    def archive_backfill(self) -> dict[str, int]:
        """`manage.py archive_backfill`: what this app puts in the archive (the regional
        agreements); the apps above register their own records through the same hook."""
        from communications.loaders import load_regional_agreements_archive

        return load_regional_agreements_archive()
