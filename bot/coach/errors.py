"""Domain errors. Each carries a message fit to show the rep as it is (short, says what to fix)."""

from __future__ import annotations

from bot.i18n import Marked


class CoachError(Exception):
    """Base of every error the domain raises on purpose; the command tree shows it ephemerally.

    A converted message is a template marked with `N_()` and its values by name
    (`InvalidInput(N_("At most {limit} days."), limit=7)`): `str(error)` is the English, `localized()` the
    member's language, translated where it is shown (the domain knows no locale)."""

    def __init__(self, message: str, **values: object) -> None:
        self.message = Marked(message, values)
        super().__init__(str(self.message))

    def localized(self) -> str:
        """The message in the current locale's language (English when its catalogue has none)."""
        return self.message.localized()


class InvalidInput(CoachError):
    """The rep typed something Rapport cannot use; the message says what would work."""


class NotFound(CoachError):
    """The thing asked for does not exist for this rep in this guild."""


class NothingToUndo(CoachError):
    """`/touch undo` found no recent touch to remove."""
