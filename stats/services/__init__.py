"""Writes of the stats app; callers write `from stats import services`."""

from stats.services.returns import (
    figures_save,
    return_create,
    return_import,
    return_publish,
    return_send_back,
    return_submit,
    return_validate,
)

__all__ = [
    "figures_save",
    "return_create",
    "return_import",
    "return_publish",
    "return_send_back",
    "return_submit",
    "return_validate",
]
