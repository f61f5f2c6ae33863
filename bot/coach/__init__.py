"""Rapport's domain: plain async Python over the database. Nothing here imports `discord`."""

from bot.coach.service import Coach

__all__ = ["Coach"]
