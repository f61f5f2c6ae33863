"""Packs the tests import as a guild would: one multi-step scenario, in a theme of its own; and a broken copy of
the shipped packs."""

import shutil
from pathlib import Path

from bot.coach.content import default_prompts_dir

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

# The same pack as a guild's manager would translate it: same ids, replies in the same order and stances.
MULTI_STEP_PACK_ES = """
theme = "renewals"
locale = "es"
title = "Renovaciones"
description = "Un cliente que se plantea irse al renovar."

[[scenarios]]
id = "renewals-walkaway"
customer_role = "jefa de operaciones de una empresa de mensajería"
context = "Tres semanas antes de la renovación, la jefa de operaciones de una empresa de mensajería te escribe."
customer_says = "Estamos mirando otras herramientas de rutas antes de renovar."
principle = "Averigua qué ha cambiado antes de defender el contrato."

[[scenarios.replies]]
text = "Gracias por avisarme con tiempo. ¿Qué ha cambiado?"
stance = "listening"
feedback = "Preguntas el motivo cuando aún hay tiempo para hacer algo."
next = "opens-up"

[[scenarios.replies]]
text = "Si renueva esta semana, le congelo un 15 % de descuento durante dos años."
stance = "pushing"
feedback = "Presión: un descuento antes de conocer el problema dice que el problema era el precio."
next = "cools"

[[scenarios.replies]]
text = "Ninguna otra herramienta planifica rutas tan bien como la nuestra, de verdad."
stance = "pushing"
feedback = "Hablar sin escuchar: defiendes la herramienta en vez de preguntar qué falló."
next = "cools"

[[scenarios.steps]]
id = "opens-up"
context = "Responde en menos de una hora."
customer_says = "Se nos fueron dos conductores por los cambios de ruta que llegan a las 23:00."

[[scenarios.steps.replies]]
text = "Los cambios tardíos les cuestan conductores. ¿Y si el plan se cerrara a las 8, con solo lo urgente después?"
stance = "listening"
feedback = "Le devuelves lo que le costó y le ofreces un arreglo dentro de lo que la herramienta puede hacer."

[[scenarios.steps.replies]]
text = "Eso es un ajuste. Nuestro plan premium lo resuelve; ¿le mando la cotización?"
stance = "pushing"
feedback = "Presión: conviertes su problema en una venta adicional antes de que se sienta escuchada."

[[scenarios.steps.replies]]
text = "Los conductores siempre se quejan al principio; ya se acostumbrarán."
stance = "pushing"
feedback = "Descuido: quitas importancia a lo que le costó dos conductores, y deja de contarte cosas."

[[scenarios.steps]]
id = "cools"
context = "Responde al día siguiente, más seca."
customer_says = "No es tanto el precio. Ya le diré qué decidimos."

[[scenarios.steps.replies]]
text = "Me precipité con el precio. ¿Qué no le está funcionando a su equipo?"
stance = "listening"
feedback = "Reconoces el error y haces la pregunta que te saltaste."

[[scenarios.steps.replies]]
text = "Entendido. La oferta sigue en pie hasta el viernes."
stance = "pushing"
feedback = "Presión: un plazo a alguien que ya se va la empuja a irse antes."

[[scenarios.steps.replies]]
text = "Antes de decidir, ¿le preparo una demo de nuestras novedades?"
stance = "pushing"
feedback = "Hablar sin escuchar: una demo de funciones responde a una pregunta que nunca hizo."
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


def broken_copy(tmp_path: Path) -> Path:
    """The shipped packs, with one reply's stance misspelled in the first pack."""
    copy = tmp_path / "prompts"
    shutil.copytree(default_prompts_dir() / "scenarios", copy / "scenarios")
    first = sorted((copy / "scenarios").glob("*.toml"))[0]
    text = first.read_text(encoding="utf-8")
    assert 'stance = "listening"' in text
    first.write_text(text.replace('stance = "listening"', 'stance = "listenin"', 1), encoding="utf-8")
    return copy
