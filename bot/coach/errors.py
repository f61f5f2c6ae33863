"""Domain errors. Each carries a message fit to show the rep as it is (short, says what to fix)."""

from __future__ import annotations


class CoachError(Exception):
    """Base of every error the domain raises on purpose; the command tree shows `str(error)` ephemerally."""


class InvalidInput(CoachError):
    """The rep typed something Rapport cannot use; the message says what would work."""


class NotFound(CoachError):
    """The thing asked for does not exist for this rep in this guild."""


class NothingToUndo(CoachError):
    """`/touch undo` found no recent touch to remove."""
