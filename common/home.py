"""The home page is made of tasks each app contributes through its own selector
(`<app>.selectors.home_tasks(user=..., today=...)`), gathered by the portal: no domain app
imports another to be on the home page (docs/architecture.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class HomeTask:
    text: str
    url: str = ""
    level: str = "info"  # info | warning | success
