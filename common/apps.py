from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Common"

    def ready(self) -> None:
        from common import links  # noqa: F401  (registers the SITE_URL deploy check)
        from common.validators import install_identity_number_guard

        install_identity_number_guard()
