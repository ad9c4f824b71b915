"""The error raised for input that is not a usable name."""

from __future__ import annotations


class InvalidName(ValueError):
    """The text is not a name: not a string, or nothing left once punctuation and symbols are removed."""
