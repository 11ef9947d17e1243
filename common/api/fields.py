"""Serializer fields shared by the apps' APIs."""

from __future__ import annotations

from rest_framework import serializers


def decimal_number(max_digits: int, **kwargs) -> serializers.DecimalField:
    """A two-decimal value (a weight, a percentage, an indicator's value) written as a JSON
    number rather than DRF's default string."""
    return serializers.DecimalField(
        max_digits=max_digits, decimal_places=2, coerce_to_string=False, **kwargs
    )
