"""Reads of communications (docs/architecture.md)."""
