"""Languages: every message a member reads goes through the gettext catalogue of their locale.

The locale is per task: the command tree and the views set it from the interaction (`interaction.locale`), the
outbox drain from the rep's stored locale for a DM (as their Discord last reported it) and from the guild
(`preferred_locale`) for what it posts, and for a DM to a rep whose language it does not know. Code that builds
text calls `_()` (or `ngettext`, `pgettext`) where the text is made, with named placeholders so a translator can
reorder them: `_("Logged a {kind} with {customer}.").format(kind=..., customer=...)`. Text made where no locale
is known (the domain's errors) is marked with `N_()` and translated where it is shown.

Catalogues are compiled `.mo` files under `bot/locale/<language>/LC_MESSAGES/rapport.mo`, read with the
standard library's gettext (Babel is only needed to extract and compile them: README, Development). Nothing
here imports discord, so the domain may mark its messages too.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DOMAIN = "rapport"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DEFAULT_LOCALE = "en-US"
# The languages with a complete catalogue, besides English (the source language).
LANGUAGES = ("es",)
# The catalogue context of command, group and option names (Discord's name rules, not a sentence's).
NAME_CONTEXT = "name"

_locale: ContextVar[str] = ContextVar("rapport_locale", default=DEFAULT_LOCALE)


def base_language(locale: str | None) -> str:
    """A Discord locale's language, whether Rapport has a catalogue for it or not (`es-419` -> `es`)."""
    return (locale or DEFAULT_LOCALE).replace("_", "-").split("-")[0].lower()


def language_of(locale: str | None) -> str:
    """The catalogue a Discord locale reads (`es-ES` and `es-419` both read `es`); English when there is none."""
    language = base_language(locale)
    return language if language in LANGUAGES else "en"


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language (read once), or the identity for English and unknown languages."""
    if language not in LANGUAGES:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])


def current_locale() -> str:
    return _locale.get()


def set_locale(locale: str | None) -> None:
    """Use `locale` for the rest of this task (each interaction runs in its own task)."""
    _locale.set(locale or DEFAULT_LOCALE)


@contextmanager
def using(locale: str | None) -> Iterator[None]:
    """Use `locale` inside the block only (a drain rendering several guilds' messages in one task)."""
    token = _locale.set(locale or DEFAULT_LOCALE)
    try:
        yield
    finally:
        _locale.reset(token)


def _current() -> gettext.NullTranslations:
    return catalogue(language_of(_locale.get()))


def _(message: str) -> str:
    """`message` in the current locale's language."""
    return _current().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message that fits `count` in the current language (its plural rules, not English's)."""
    return _current().ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` translated within `context`, for a word that reads differently elsewhere."""
    return _current().pgettext(context, message)


def grouped(count: int) -> str:
    """`12,345`, thousands grouped as the current language groups them (`12.345` in Spanish)."""
    return f"{count:,}".replace(",", pgettext("thousands separator", ","))


def decimal(value: float, places: int = 1) -> str:
    """`1.5`, with the current language's decimal mark (`1,5` in Spanish)."""
    return f"{value:.{places}f}".replace(".", pgettext("decimal separator", "."))


def translate_to(locale: str | None, message: str, *, context: str | None = None) -> str | None:
    """`message` in the language of `locale`, or None when its catalogue has no translation (Discord then shows
    the English)."""
    language = language_of(locale)
    if language == "en":
        return None
    translations = catalogue(language)
    translated = translations.pgettext(context, message) if context else translations.gettext(message)
    return translated if translated != message or _has(translations, message, context) else None


def _has(translations: gettext.NullTranslations, message: str, context: str | None) -> bool:
    key = f"{context}\x04{message}" if context else message
    return key in getattr(translations, "_catalog", {})


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it: it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Marked:
    """A message made where no locale is known (the domain): its `N_()`-marked template and its values by
    name. `str()` is the English; `localized()` the current locale's, with marked values localized too."""

    template: str
    values: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template.format(**self.values) if self.values else self.template

    def localized(self) -> str:
        values = {
            name: value.localized() if isinstance(value, Marked) else value for name, value in self.values.items()
        }
        return _(self.template).format(**values) if values else _(self.template)


@dataclass(frozen=True)
class MarkedPlural(Marked):
    """A per-count message made where no locale is known: the form that fits `count` in the reader's language
    (its plural rules, not English's), `{count}` filled in. Made with `N_plural()`, which the catalogue's
    extraction reads like `ngettext`."""

    plural: str = ""
    count: int = 0

    def __str__(self) -> str:
        return (self.template if self.count == 1 else self.plural).format(count=self.count, **self.values)

    def localized(self) -> str:
        values = {
            name: value.localized() if isinstance(value, Marked) else value for name, value in self.values.items()
        }
        return ngettext(self.template, self.plural, self.count).format(count=grouped(self.count), **values)


@dataclass(frozen=True)
class MarkedName(Marked):
    """A name content gives in several languages (a quiz theme): `values` by language (`{"es": "«El no que
    abre una puerta»"}`), the reader's when there is one, else `template` (the name in English)."""

    def __str__(self) -> str:
        return self.template

    def localized(self) -> str:
        return str(self.values.get(language_of(_locale.get()), self.template))


def N_plural(singular: str, plural: str, count: int, **values: object) -> MarkedPlural:
    """Mark a per-count message for the catalogue (`N_plural("{count} week", "{count} weeks", 4)`), translated
    where it is shown."""
    return MarkedPlural(singular, values, plural, count)


def marked_join(separator: str, parts: Sequence[object]) -> Marked:
    """Parts (marked or not) joined by a separator that reads the same in every language (`, `, `; `), each part
    localized where the whole is shown."""
    names = [f"part{number}" for number in range(len(parts))]
    return Marked(separator.join(f"{{{name}}}" for name in names), dict(zip(names, parts, strict=True)))


def command(qualified_name: str, *options: str) -> str:
    """A command as the member's Discord shows it (`/touch log` reads `/contacto registrar` in Spanish), in
    code style, with `name:value` options after it: the option's name translated, its value as given (a
    choice's value is passed translated, `_("public")`, since Discord shows the choice's name)."""
    words = [pgettext(NAME_CONTEXT, part) for part in qualified_name.split()]
    for option in options:
        name, _colon, value = option.partition(":")
        words.append(f"{pgettext(NAME_CONTEXT, name)}:{value}")
    return "`/" + " ".join(words) + "`"


@dataclass(frozen=True)
class MarkedCommand(Marked):
    """A command named in a message made where no locale is known (`MarkedCommand("promise list")`): `/promise
    list` in English, as the member's Discord shows it where the message is shown."""

    def __str__(self) -> str:
        return f"`/{self.template}`"

    def localized(self) -> str:
        return command(self.template)
