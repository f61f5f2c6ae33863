"""Scheduling: the APScheduler tick that plans what is due, and the drain that delivers the outbox.

Nothing here knows a feature: messages are typed (`bot.coach.outgoing`), each drawn by the renderer its
feature registered, and sent through the small `Sender` protocol (`discord_sender.py` is the one module
that speaks discord.py).
"""
