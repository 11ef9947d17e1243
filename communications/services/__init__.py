"""Writes of communications (docs/architecture.md): deliveries (every message sent, the log),
comunicados, the archive and the public pages' content."""

from communications.services.deliveries import (
    RECIPIENT_RELATED,
    Recipient,
    delivery_record,
    delivery_send,
    notify,
    notify_account,
)

__all__ = [
    "RECIPIENT_RELATED",
    "Recipient",
    "delivery_record",
    "delivery_send",
    "notify",
    "notify_account",
]

from communications.services.communiques import (
    communique_acknowledge,
    communique_create,
    communique_open,
    communique_remind,
    communique_remind_overdue,
    communique_send,
    communique_update,
)

__all__ += [
    "communique_acknowledge",
    "communique_create",
    "communique_open",
    "communique_remind",
    "communique_remind_overdue",
    "communique_send",
    "communique_update",
]

from communications.services.archive import (  # noqa: E402
    document_register,
    document_update,
    document_upload,
    document_version_add,
)

__all__ += ["document_register", "document_update", "document_upload", "document_version_add"]
