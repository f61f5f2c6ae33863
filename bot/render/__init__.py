"""Turning domain results into Discord messages: embeds, views. Discord imports are allowed here."""
