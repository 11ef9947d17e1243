"""Comparative legislation (issue 19)."""

__all__: list[str] = []
