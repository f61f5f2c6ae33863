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

PERSONA = """
id = "courier-renewal"
name = "Maya Brennan"
role = "operations lead at a courier firm"
theme = "objections"
channel = "call"
situation = "You sell route-planning software. Maya's renewal is in three weeks and she called you."
hidden_need = "Two drivers quit over late-night route changes; she needs the plan frozen by 8 pm."
max_turns = 5
source = "Team playbook"
start = "opening"

[states.opening]
lines = ["We're looking at other tools before we renew.", "Honestly, we might not renew."]
hint = "Ask what changed."
[states.opening.next]
asked = "opening-up"
reflected = "opening-up"
admitted_limit = "opening-up"
pitched = "guarded"
pressured = "cold"
other = "opening"

[states.opening-up]
lines = ["Two drivers quit over late route changes.", "The planner reshuffles everything at 11 pm."]
hint = "Give her words back."
[states.opening-up.next]
asked = "trust"
reflected = "trust"
admitted_limit = "trust"
pitched = "guarded"
pressured = "cold"
other = "opening-up"

[states.guarded]
lines = ["I've seen the features. That's not it.", "I know what the tool does."]
hint = "Stop pitching; ask."
[states.guarded.next]
asked = "opening-up"
reflected = "opening-up"
admitted_limit = "opening-up"
pitched = "cold"
pressured = "cold"
other = "guarded"

[states.trust]
outcome = "trust"
lines = ["Send me the freeze setting and let's talk Thursday.", "Let's talk Thursday about freezing the plan."]

[states.cold]
outcome = "cold"
lines = ["I'll let you know what we decide.", "We'll be in touch."]

[out_of_turns]
lines = ["I have to go. I'll think about it.", "Let's leave it there for now."]
"""
