"""Packs the tests import as a guild would: one multi-step scenario, in a theme of its own."""

MULTI_STEP_PACK = """
theme = "renewals"
title = "Renewals"
description = "A customer thinking of leaving at renewal."

[[scenarios]]
id = "renewals-walkaway"
difficulty = 2
channel = "email"
customer_role = "operations lead at a courier firm"
sector = "logistics"
context = "Three weeks before renewal, the operations lead of a courier firm emails you."
customer_says = "We're looking at other route-planning tools before we renew."
principle = "Find out what changed before you defend the contract."
source = "Team playbook"

[[scenarios.replies]]
text = "Thanks for telling me early. What changed?"
stance = "listening"
feedback = "You ask for the reason while there is time to act on it."
next = "opens-up"

[[scenarios.replies]]
text = "Renew this week and I can lock in 15% off for two years."
stance = "pushing"
feedback = "Pressure: a discount before you know the problem says the price was the problem."
next = "cools"

[[scenarios.replies]]
text = "No other tool plans routes as well as ours, honestly."
stance = "pushing"
feedback = "Talking past the customer: you defend the tool instead of asking what went wrong."
next = "cools"

[[scenarios.steps]]
id = "opens-up"
context = "She replies within the hour."
customer_says = "Two drivers quit over late-night route changes. The planner reshuffles everything at 11 pm."

[[scenarios.steps.replies]]
text = "Late changes cost you drivers. Could the plan freeze at 8 pm, with only urgent changes after?"
stance = "listening"
feedback = "You reflect what it cost her and offer a fix within what the tool can do."

[[scenarios.steps.replies]]
text = "That's a setting. Our premium tier fixes it; shall I send the upgrade quote?"
stance = "pushing"
feedback = "Pressure: you turn her problem into an upsell before she feels heard."

[[scenarios.steps.replies]]
text = "Drivers always complain at first; they'll get used to it."
stance = "pushing"
feedback = "Neglect: you dismiss what cost her two drivers, and she stops telling you things."

[[scenarios.steps]]
id = "cools"
context = "She replies the next day, shorter."
customer_says = "It's not really about price. I'll let you know what we decide."

[[scenarios.steps.replies]]
text = "I jumped to price. What isn't working for your team?"
stance = "listening"
feedback = "You own the misstep and ask the question you skipped."

[[scenarios.steps.replies]]
text = "Understood. The offer stands until Friday."
stance = "pushing"
feedback = "Pressure: a deadline on someone already leaving pushes her out faster."

[[scenarios.steps.replies]]
text = "Before you decide, can I get you a demo of our new features?"
stance = "pushing"
feedback = "Talking past the customer: a feature demo answers a question she never asked."
"""
