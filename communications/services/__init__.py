"""Writes of communications (docs/architecture.md): deliveries (every message sent, the log),
comunicados, the archive and the public pages' content."""

from communications.services.deliveries import (
    Recipient,
    delivery_record,
    delivery_send,
    notify,
)

__all__ = ["Recipient", "delivery_record", "delivery_send", "notify"]
