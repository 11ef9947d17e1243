"""Institutions and contact points (issue 19)."""

__all__: list[str] = []
