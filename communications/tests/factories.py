"""Factories of communications' records (each helper module adds its own below)."""
