"""Presentation every feature shares: safe text, pages, charts, the base of every button, form and view,
and the autocompletes and guards several commands use. Features live in `cogs/`; this never imports them."""
