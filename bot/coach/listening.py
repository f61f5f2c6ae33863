"""The listening scorer: what a rep's own words did, and why, quoted back to them.

Role-play replies are free text. Each is read for cues, every cue quoting the reply verbatim with a one-line
lesson, and the verdict follows from the cues, never without one:

- a hard push (a discount, a deadline, a close, a guarantee or over-promise, pressure, a leading question,
  an evasion) makes the reply pushing, even wrapped in a question or in empathy; one only quoted to be
  disclaimed ("I'd be lying if I said we've never had a shortage") or denied ("it's not zero risk") is not one,
  nor a discount they named themselves, nor an offer that leaves the choice with them ("would it help if I
  shared what others did, or would you rather talk it through first?");
- a pitch (the product, its features, other clients' results) makes it pushing unless the reply ends by
  asking about the customer; a question that offers the product ("have you seen our new dashboard?") is a
  pitch too, and naming the product in the customer's own words to answer them is not one;
- otherwise an open or clarifying question (with or without its question mark: "broken how - screen or
  touch"), a reflection of the customer's words or of how things are for them (their own word handed back,
  "Half.", counts), empathy, an honest limit or decline (candour about the product: "only partly", "longer
  than our website says"), or leaving the pace to them make it listening;
- a reply with none of these talks past the customer: pushing, and the cue says so ("no listening");
- then, unless a hard push was found, small learned weights (naive Bayes over the reply's words and pairs of
  words, `bot/coach/listening_model.py`, trained on the dev set) overrule the verdict when they lean the other
  way at odds past 20:1 in a reply of six words or more, with a cue quoting the reply's word or pair that
  weighs most that way ("pushing words", "listening words"). The persona still answers the rules' move.
  Trained on the dev rows written before the fresh set and judged on the fresh set's 240 (another author),
  this lifted agreement from 88.3% to 92.9% and pushing recall from 89.2% to 99.2% (docs/performance.md).

The rules are plain regular expressions over the reply, so a trainer can read why a verdict was given and
the scorer runs offline in about a millisecond a reply (README, Performance: B9). `move` says what the reply did,
for the persona to answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.coach.listening_model import weigh


class Verdict(StrEnum):
    LISTENING = "listening"
    PUSHING = "pushing"


class Move(StrEnum):
    """What a reply did, as a persona hears it."""

    ASKED = "asked"
    REFLECTED = "reflected"
    ADMITTED_LIMIT = "admitted_limit"
    PITCHED = "pitched"
    PRESSURED = "pressured"
    OTHER = "other"


@dataclass(frozen=True)
class Cue:
    kind: str  # e.g. "discount", "open question"
    quote: str  # verbatim from the reply
    lesson: str  # one line the rep can read
    pushing: bool


@dataclass(frozen=True)
class ReplyScore:
    verdict: Verdict
    move: Move
    cues: tuple[Cue, ...]
    open_questions: int
    closed_questions: int
    reflections: int
    words: int
    picks_up_their_words: bool  # a question or reflection that uses the customer's own words

    @property
    def reasons(self) -> tuple[Cue, ...]:
        """The cues behind the verdict (the ones on its side)."""
        return tuple(cue for cue in self.cues if cue.pushing == (self.verdict is Verdict.PUSHING)) or self.cues


class _Pattern:
    """A case-insensitive pattern compiled on its first use: a bot whose reps never role-play never pays
    for compiling these (README, Performance: B5, B6)."""

    __slots__ = ("_compiled", "_source")

    def __init__(self, source: str) -> None:
        self._source = source
        self._compiled: re.Pattern[str] | None = None

    def search(self, text: str, start: int = 0) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = re.compile(self._source, re.IGNORECASE)
        return self._compiled.search(text, start)


def _any(*alternatives: str) -> _Pattern:
    """One case-insensitive pattern matching any of `alternatives` (each a regular expression).

    The branches that start at a word boundary share one `\\b` in front: the engine then tries them only where a
    word starts, not at every character, which keeps a long reply cheap however many branches there are."""
    branches = [branch for alternative in alternatives for branch in _branches(alternative)]
    at_word = [branch[2:] for branch in branches if branch.startswith(r"\b")]
    elsewhere = [branch for branch in branches if not branch.startswith(r"\b")]
    grouped = [r"\b(?:" + "|".join(at_word) + ")"] if at_word else []
    return _Pattern("|".join(grouped + elsewhere))


def _branches(source: str) -> list[str]:
    """The top-level branches of a regular expression: split at each `|` outside groups and classes."""
    branches, depth, in_class, escaped, start = [], 0, False, False, 0
    for index, char in enumerate(source):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(source[start:index])
            start = index + 1
    return [*branches, source[start:]]


# An offer that leaves the choice with them ("..., or would you rather talk it through first?") asks permission.
_THEIR_CHOICE = (
    r"[^?]{0,120}\bor (?:would you (?:rather|prefer)|are you after|do you (?:just )?want (?:me )?to|should i just"
    r"|shall i just)\b"
)
# Certainty said only to be denied ("it's not zero risk", "I'm not 100% sure") promises nothing.
NEGATED = re.compile(r"\b(?:not|n't|never|hardly)\s+(?:a\s+|quite\s+|always\s+|exactly\s+)?$", re.IGNORECASE)

# Hard pushes: (kind, pattern, lesson). No alternative nests a repetition, so a 4,000-character reply costs a
# few linear scans of it. Patterns name what a rep offers or asks for, not words a listener also uses: a rep
# who says "before we talk about discounts" is not offering one.
HARD_PUSHES: tuple[tuple[str, _Pattern, str], ...] = (
    (
        "discount",
        _any(
            r"\b\d{1,3}\s?(?:%|percent)\s+off\b",
            r"\b(?:i|we) (?:can|could|'?ll|will|would) (?:do|give|offer|get|throw in|knock|take|include|make|match)\b"
            r"[^.?!]{0,50}\b(?:off|discount|free|cheaper|half|price|rate|deal)\b",
            r"\b(?:throw|threw|throwing) (?:in|that in)\b",
            r"\bknock (?:£|\$|€)?\d[\d,.]*k? off\b|\bbeat (?:it|that|them|their (?:price|quote)) by\b",
            r"\bhalf[- ]price\b",
            r"\b\d{1,3}\s?%\s+(?:\w+\s+)?discount\b|\bmake it a yes\b",
            r"\bat (?:the )?(?:standard|old|same|current) (?:price|rate)\b",
            r"\b(?:months?|weeks?|installation|setup|delivery) (?:free|for free|on us|thrown in)\b",
            r"\bfree (?:month|months|upgrade|setup|installation|trial extension)\b",
            r"\bspecial (?:price|pricing|rate|offer|deal)\b",
            r"\bget (?:the|that|your) price (?:down|low)\b",
            r"\bhonou?r the (?:old|current|same) (?:rate|price)\b",
            r"\bwaive\w*",
            r"\b(?:i|we)(?:'d| would| could| can|'ll| will) (?:do|go to|go down to|match|beat) (?:(?:it )?for"
            r" (?:£|\$|€)?\d|(?:£|\$|€)\d|\d[\d.,]*\s?(?:%|percent|k\b|p\b))",
            r"(?:£|\$|€)\d[\d,.]*k?\s+off\b|\bhow (?:does|about) (?:£|\$|€)\d|\bsharpen (?:my|the|our) pencil\b"
            r"|\bwiggle room\b|\bwhat if i (?:could|can) (?:do|get|give|knock|drop|throw|match|take)\b",
            r"\bmatch(?:ed|ing)? (?:\w+'s|their|his|her|the other|that) (?:price|quote|rate|offer)",
            r"\b(?:\d{1,3}|five|ten|fifteen|twenty|twenty-five|thirty|fifty) (?:per ?cent|%)(?: off| discount)\b"
            r"|\bknock(?:ed|ing)? (?:\w+ ){1,3}off\b",
            r"\b(?<!n't )(?<!not )(?<!no )(?:a|an|some|any) (?:little |small |bigger |special |better |extra )?"
            r"(?:discount|price cut|reduction|cheaper (?:rate|price)|better (?:price|rate|deal))\b"
            r"(?![^.?!]{0,40}\b(?:isn'?t|won'?t|can'?t|cannot|doesn'?t)\b)(?=[^.]{0,60}\?)",
            r"\b(?:you(?:'d|'ll| would| will| could)? )?save (?:\d{1,3}\s?%|(?:£|\$|€)\d)[^.?!]{0,60}\b(?:if|when|by)"
            r" (?:you )?(?:prepay|pay|sign|commit|switch|order|upgrade|lock|book)",
            r"\bif you (?:prepay|pay|sign|commit|switch|order|upgrade|lock|book)\w*\b[^.?!]{0,40}\b(?:save"
            r"|get) (?:\d{1,3}\s?%"
            r"|(?:£|\$|€)\d)",
            r"\bno price (?:rises|increases?)\b|\bprice (?:freeze|lock)\b|\bfreeze (?:the|your) price\b",
            r"\b(?:a|the|what) (?:number|price|figure) (?:that )?(?:would|will|could|might) (?:make|get|work)\b",
            r"\b(?:free|for free|on the house|at no (?:extra )?cost)\b[^.?!]{0,40}\?"
            r"|\bfor free\b|\b(?:free|complimentary) (?:\w+ )?(?:installation|setup|support|training|delivery|upgrade)",
        ),
        "A discount before you know the problem says the price was the problem.",
    ),
    (
        "deadline",
        _any(
            r"\btoday only|\bthis week only|\blimited[- ]time|\blast chance|\bwon'?t last (?:long|forever)\b"
            r"|\b(?:offer|deal|price|pricing|stock|slots?) won'?t last\b",
            r"\b(?:offer|promo\w*|price|pricing|rate|deal|discount) (?:ends|expires|is only valid|only valid|runs out)",
            r"\b(?:early[- ]bird|introductory|launch) (?:rate|price|offer|pricing)\b",
            r"\block(?:ing)? (?:it|this|that|the price|the rate|in)\b",
            r"\bprices? (?:rise|rises|increase|increases) (?:in|on|from|next|after)\b",
            r"\bprices? (?:go|goes|are going|is going) up|\b(?:price|pricing|rate) (?:won'?t be around|is going up)",
            r"\bgoing up (?:in|next|after|from)\b",
            r"\bthis month'?s (?:price|pricing|rate|offer)",
            r"\bbefore (?:the )?(?:price|prices|rate) (?:goes|go|rise|rises|increase|changes)",
            r"\bby (?:the )?end of (?:the )?(?:week|month|quarter)",
            r"\bonly (?:until|till|valid until) (?:friday|monday|tomorrow|tonight|the \d)",
            r"\b(?:nearly|almost|practically|virtually) (?:full|gone|sold out|booked(?: up)?)\b",
            r"\b(?:only|just) (?:got |have )?(?:\w+ ){0,5}(?:left|remaining)\b|\bon (?:offer|sale|special|promotion)"
            r" (?:this|until|till|for|only)\b|\bwon'?t be (?:here|there|around|available) (?:next|after|for long"
            r"|by)\b|\balmost gone\b|\bflying out\b|\bbooked (?:solid|up)\b",
            r"\bwon'?t be back (?:until|till)\b|\b(?:they|slots?|places?|dates?) (?:do )?fill up\b",
            r"\bwhile (?:it lasts|stocks last|there'?s still)",
            r"\bmiss (?:out|this|the)\b",
            r"\bbefore (?:it'?s|its) gone|\bbefore (?:quarter|month|year)[- ]end",
            r"\bperfect timing\b|\b(?:we'?re|we are) running (?:a |an )?(?:\w+ )?(?:promo\w*|offer|deal|sale|special"
            r"|discount)\b",
            r"\bfor (?:24|48|72) hours\b|\b(?:we'?ve got|we have|there'?s) (?:a |an )?(?:\w+ )?(?:deal|offer|promo\w*"
            r"|sale"
            r"|special) on\b",
            r"\b(?:decide|decision|commit|confirm|sign)\w* (?:by|before) (?:\w+day|tomorrow|tonight|the end|end of"
            r"|the \d)"
            r"|\b(?:slot|place|offer|price|date)s? (?:goes|go|is gone|disappears?|expires?) (?:after|if|on|at|by)\b",
            r"\b(?:closes|ends|expires|finishes) (?:on|at|this|by|tomorrow|tonight|friday|monday|the \d|end of)",
            r"\b(?:only )?(?:held|valid|good|available) (?:until|till|past)\b",
            r"\bwon'?t (?:hold|last|stay) (?:past|beyond)",
            r"\bbefore (?:the )?(?:quarter|month|year|week|offer|deadline) (?:closes|ends|runs out)",
            r"\bby \d{1,2}(?::\d{2})?\s?(?:am|pm)\b|\bend of today\b",
            r"\b(?:promo\w*|offer|deal|discount|sale|pricing|price|rate)\b[^.?!]{0,40}\b(?:until|till|ends?|before)"
            r" (?:mon|tues|wednes|thurs|fri|satur|sun)day",
            r"\b(?:filling|booking|selling|going) (?:up )?fast\b|\bfilling up\b",
            r"\bbefore (?:the|your) (?:\w+ )?(?:window|budget|slot|deadline)s? (?:shuts|closes|ends|runs out|goes)",
        ),
        "A deadline you made up turns their decision into your timetable.",
    ),
    (
        "close",
        _any(
            r"\bsign(?:ed)? (?:today|now|this week|here|up|the (?:contract|paperwork|order|agreement)|it)\b",
            r"\b(?:are we|we'?re|we are) good to go\b|\b(?:\w+day|morning|afternoon) or (?:\w+day|morning|afternoon)\b"
            r"[^.?!]{0,30}\b(?:install|delivery|start|survey|visit|fitting|for you)\b",
            r"\b(?:get|got) (?:you|this|it|things|the paperwork|that) (?:signed|started|booked|set up|over the"
            r" line|going|sorted|approved)",
            r"\bready to (?:move forward|sign|go ahead|commit|order|buy|proceed)",
            r"\b(?:shall|should|can|could) we (?:get started|go ahead|proceed|close|sign|finali[sz]e|lock|wrap|book)",
            r"\b(?:shall|should|can|could) we (?:move forward|get (?:the|your|you|it|that))",
            r"\blet'?s get (?:you|this|it) (?:signed|started|booked|set up|over|going|sorted|done)\b",
            r"\blet'?s get the (?:paperwork|contract|order|deposit|agreement)\b",
            r"\blet'?s (?:do (?:it|this|the deal)|move forward|lock|go ahead|kick off)",
            r"\blet'?s (?:make it official|start with the|book|pencil)",
            r"\b(?:send(?:ing)?|sign(?:ing)?|get(?:ting)?|start(?:ing)?|draw up|rais(?:e|ing)|pop|email|prepar(?:e|ing)"
            r"|put(?:ting)?|bring|tak(?:e|ing)|pay|grab|sort|do|split|finali[sz]e)"
            r" (?:[\w-]+ ){0,2}(?:the|your|an?) (?:[\w-]+ )?(?:contract|paperwork|agreement|order form|invoice"
            r"|deposit|po)\b"
            r"(?! out\b)",
            r"\b(?:with|be|is (?:it|that)|get) a yes\b|\b(?:put|push|take) (?:our|the|my) (?:proposal|quote|offer"
            r"|bid) (?:forward"
            r"|through|to)\b|\bas your recommendation\b|\brecommend us\b",
            r"\b(?:set up|start|book|arrange|open|activate|begin) (?:a|the|your) (?:[\w-]+ )?(?:free )?(?:trial|pilot"
            r"|subscription)\b",
            r"\blet'?s (?:start|begin|put|get) (?:them|you|it|this|him|her|the team|everyone)\b[^.?!]{0,30}\b(?:\w+day"
            r"|tomorrow|today|next week|this week|now)\b",
            r"\b(?:would|will|could) you (?:\w+ ){0,3}(?:sign|signing|commit|committing|go ahead|going ahead)\b(?! off)"
            r"[^.?!]{0,40}(?:\bif\b|\bon (?:that|this|those) basis\b|\btoday\b|\bnow\b|\bthis week\b)",
            r"\b(?:contract|paperwork|agreement|order form|invoice|deposit)s? (?:over|across|ready|through|into|going"
            r"|started|sorted|done|signed|down)\b",
            r"\bcommit (?:today|now|this week)|\bplace (?:the|your|an) order|\bclose (?:this|the deal|it out)",
            r"\bput (?:you|one|it|a \w+) (?:down|aside)\b",
            r"\b(?:hold|reserve|pencil in|book) (?:the|a|one|your|it|that|you)\b",
            r"\b(?:book|booked) (?:you|it) in\b|\bswipe your card|\bcard (?:details|payment|number)\b",
            r"\bcard or invoice",
            r"\btake (?:a |your )?(?:card|payment|deposit|holding deposit)\b|\bgrab your (?:card|details)",
            r"\bwhen can (?:we|you) start\b|\bwhich (?:plan|package|option|one) (?:do you want|works|should i|shall i)",
            r"\bset you up\b|\bset up your (?:account|trial)|\b(?:start|open|opened) your (?:trial|account)\b",
            r"\btrial (?:login|invite|account)\b|\bsending (?:a|the) (?:trial|invite|contract)",
            r"\bwhat (?:name|address|email|postcode) (?:should|shall|can|do)\b",
            r"\bwhat'?s your (?:address|email|postcode)",
            r"\bcan i (?:take|grab|have) your (?:postcode|address|email|details)",
            r"\bdocusign\b|\bverbal yes\b|\bover the line\b|\bwrap (?:things|it|this) up\b|\bfinali[sz]e\b",
            r"\bgo ahead (?:today|now|with (?:the|it|this))|\bhappy to go ahead\b",
            r"\bare you happy to (?:go ahead|proceed|sign)",
            r"\bstart (?:the|your) (?:paperwork|installation|onboarding|setup)|\binstallation can start\b",
            r"\bhere'?s the link to (?:sign|buy|pay|order)|\bget the paperwork\b|\bpaperwork (?:going|started|sorted)",
            r"\bdeal if\b|\bdeal\?\s*$|\bdo we have a deal\b|\bwe have a deal\b",
            r"\bmoving forward with us\b|\bstop you (?:from )?(?:moving forward|buying|signing|going ahead)",
            r"\bget (?:them|him|her|it) (?:on a call|approved|to sign)\b",
            r"(?:^|[.!?,;:\u2013\u2014]\s*|\s-\s+)(?:so,?\s+|great,?\s+|brilliant,?\s+|perfect,?\s+"
            r"|lovely,?\s+)?(?:shall|should|can|could"
            r"|may) (?:i|we) (?:just )?(?!" + _THEIR_CHOICE + r"|get (?!you|it|this|that|the (?:paperwork|contract"
            r"|order|deal))|ask|check"
            r"|clarify|understand|confirm|find out|look into|come back|call you"
            r" back|leave|see|hear|have a look|take a look|look at|learn|know|be (?:honest|straight|frank|blunt)|talk"
            r" about|go back|get back|call back|pause|step back|suggest|wait|follow up|revisit|come (?:and "
            r"|to )?(?:look"
            r"|see|measure|check|survey|have a look)|get a (?:copy|sense"
            r"|feel))\w*",
            r"\b(?:want|would you like|do you want) me to (?!"
            + _THEIR_CHOICE
            + r"|explain|check|find out|look into|ask|address|answer|cover"
            r"|leave|wait|hold off|call back|come back|stop|pause|hold|step back|give you|take you off"
            r"|send you (?:the|a)"
            r" (?:comparison|summary))",
            r"\b(?:would you (?:mind|be able to|be happy to)|could you|can you) (?:just"
            r" )?(?:forward|sign|introduce|recommend|pass)\w*\b(?! me\b)",
            r"\b(?:pencil|pop|put|squeeze|fit|book) (?:you|it|that|them|us) (?:in|down)\b",
            r"\b(?:can|could|shall) i (?:just )?(?:drop|pop|come|swing|stop) (?:by|in|round|over)\b[^.?!]{0,20}"
            r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\border form\b",
            r"\bto (?:say yes|get (?:a|to) yes|shake on it)\b|\bshake on it\b",
            r"\bget (?:the|this|that|it|you|your) (?:\w+ )?(?:signed|booked|approved|locked|ordered)\b",
            r"\b(?:switch|move|put|get|bring) you (?:over|across|onto)\b",
            r"(?:^|[.!?]\s+)(?:so |and )?(?:contract|paperwork|switch|sign|deal|order|upgrade|start|book|lock"
            r"|replace|install|deliver|renew|trial|demo)\w*"
            r"(?: (?:it|in|up|over|us))?(?: (?:too|as well|this week|today|now|tomorrow|then|next week|\w+day))?\?",
            r"(?:^|[.!?]\s+)(?:swap|switch|move|upgrade|replace|trade|try|sign|start|book|order|go|get|add|lock)\b"
            r"[^.?!]{0,40}\b(?:this (?:week|month|quarter)|today|now|tomorrow|\w+day|next week)\s*\?",
            r"\bwould you prefer (?:to start|the|a|\w+ or)\b",
            r"\b(?:does|would|will|could) (?:\w+day|tomorrow|next week|the \d+\w*)(?: morning| afternoon)? (?:work"
            r"|suit)\b"
            r"|\bhow does (?:\w+day|tomorrow|next week|the \d+\w*) sound\b|\bcount you in\b|\bsign you up\b"
            r"|\bare we good\b",
            r"\bhow (?:would|do) you feel about (?:going|moving|switching|trying|upgrading|signing|taking|adding"
            r"|starting"
            r"|our)\b|\bwhat if (?:i|we) (?:\w+ ){0,6}(?:upgrade\w*|switch\w*|move\w*|put|sign\w*|book\w*|start\w*"
            r"|sent|send"
            r"|set)\b",
            r"\bhow about (?:a|an) (?:[\w-]+ )?(?:trial|demo|call|meeting|visit|pilot|upgrade|discount|deal|package"
            r"|plan)\b"
            r"|\bhow about (?:going|trying|switching|starting|booking|signing|upgrading)\b",
            r"(?:^|[.!?]\s+)(?:do you |so )?(?:want|wanna|fancy|keen) to (?:start|sign|go ahead|get started|book|try"
            r"|grab|take|lock|order)\b",
            r"\b(?:are we|shall we|should we) (?:doing|going (?:for|with)|going ahead with|taking|booking) (?:the|an?"
            r"|\d)\b"
            r"|\bor [\w-]+"
            r" for (?:the|your) (?:units?|order|install\w*|delivery|new|kitchen|fitting|contract|term)\b",
            r"\b(?:do you want|would you like|which do you want) (?:it |them |the [\w-]+ )?(?:in )?[\w-]+ or\b"
            r"|\b(?:the )?\d+"
            r"[- ](?:month|year) or (?:the )?\d+[- ](?:month|year)\b",
            r"\b(?:which|what) (?:day|time|date) (?:suits|works|is best|would suit|would work)\b",
            r"\b(?:get|give) me (?:\w+ )?(?:minutes|a meeting|an intro|time|a call|a slot) with\b",
            r"\blet'?s (?:set up|book|arrange|schedule|get|put|pencil in) (?:a|an|some|the) (?:call|meeting|demo"
            r"|visit|time|session|trial)\b",
            r"\bwhen (?:would|can|could|shall|should) (?:you|we)(?: like to)? (?:start|begin|kick off|go live|sign|get"
            r" started|install)\b",
            r"\b(?:the )?\d{1,2}(?:st|nd|rd|th)? or the \d{1,2}(?:st|nd|rd|th)?\b",
            r"\bhow many \w+ (?:shall|should|can|do you want me to) i\b|\bput (?:it|them|the \w+) (?:through|down)\b",
            r"\banything (?:stopping|to stop) you\b|\bany reason we can'?t\b|\bbefore we hang up\b|\bcrack on\b",
            r"\bgo with (?:the|our) [\w -]{1,30} or\b|\bactivate it\b",
            r"\bif (?:we|i) (?:\w+ )?(?:start|started|book|booked|sign|signed|kick|kicked|lock|locked|schedul\w+"
            r"|install"
            r"|installed|deliver|delivered)\b[^.?!]{0,40}\b(?:today|tomorrow|this \w+|next \w+|\w+day)\b",
            r"\bready to (?:get started|start|begin|kick off|roll|switch|get going)\b|\bpurchase order\b|\bpo number\b",
            r"\b(?:would|will|could) you (?:\w+ )?(?:sign|commit|buy|go ahead|order|switch|come over"
            r"|say yes)\b[^.?!]{0,40}"
            r"\bif\b",
            r"\b(?:when|how soon) (?:would|will|could|can|shall|might|do you think|are you (?:going|planning"
            r"|looking|hoping))"
            r"\b[^.?!]{0,50}\b(?:sign|commit|order|buy|purchase|go ahead)\b(?! off"
            r"| up to)[^.?!]{0,40}\?",
        ),
        "Asking for the commitment before they have said what they need makes it your deal, not theirs.",
    ),
    (
        "guarantee",
        _any(
            r"\b(?:i|we) (?:can |will |'?ll )?guarantee\b",
            r"\bguaranteed (?:to|results|delivery|savings|returns?|uptime)\b",
            r"\bit'?s guaranteed\b|\b100\s?%|\b(?:i|we) promise\b|,\s*promise\b|\bpromise you\b",
            r"\b(?:definitely|absolutely|certainly|totally|completely) (?:will|can|won'?t|silent|seamless|safe|fine)\b",
            r"\bzero risk|\brisk[- ]free|\bflawless\w*|\bperfectly\b|\bseamless\w*",
            r"\bnever (?:fails|fail|goes down|breaks|let you down|needed|had|think about)",
            r"\b(?:nothing|none) (?:like that )?will ever\b|\bwill never\b|\bwon'?t ever\b",
            r"\balways (?:works|do|does)\b|\bthey always\b|\bevery (?:client|customer|one of our)\b",
            r"\bnobody (?:has )?ever\b|\bno one (?:has )?ever\b|\bwe don'?t have (?:outages|downtime|problems|issues)",
            r"\bwe can do anything|\bwhatever (?:you need|integrations|you'?ve got)|\bno doubt (?:about it|it will)",
            r"\b(?:it|this|that|we|they)'?(?:ll| will) (?:definitely|absolutely|certainly|totally|completely) \w+"
            r"|\b(?:definitely|absolutely|certainly) (?:fix|solve|sort|cure|stop|handle|work)\w*",
            r"\bbulletproof\b|\bworks every time\b|\bevery single time\b|\byou have my word\b"
            r"|\bi'?ll personally (?:make"
            r" sure|guarantee|see to it|ensure)|\bi'?ll make sure of it\b",
            r"\bit'?ll be (?:fixed|sorted|done|live|ready|working|resolved|back up|running) (?:by|today|tomorrow"
            r"|tonight"
            r"|within|in|this)\b|\bwe'?ll (?:have|get) (?:it|you|them|that|everything) (?:fixed|sorted|running"
            r"|back up)\b",
            r"\b(?:could|would|will|can) never happen\b|\bwith us,? (?:that|it|this) (?:simply |just )?(?:could"
            r"|would|will|won'?t"
            r"|can'?t)\b",
            r"\bi'?ll make sure it happens|\bconsider it done|\bsimple as that\b|\beasy fix\b",
            r"\bit'?ll (?:fit|solve|work)\b",
            r"\bwe'?ll (?:have|get) (?:it|you) (?:done|there|live|up and running|to you) (?:by|in)\b",
            r"\byou'?ll (?:double|triple|never|forget|see|love|be amazed|make (?:it|that) back)\b",
            r"\byou won'?t (?:hear|notice|even|regret|need|miss)\b|\brest assured\b",
            r"\beasily (?:hit|do|handle|deliver)|\bin (?:five|5|two|2) minutes\b",
            r"\b(?:passes|meets|beats|handles|fixes|solves|exceeds) (?:every|all|any)\b|\bwon'?t let you down\b",
            r"\b(?:they|he|she|everyone|your \w+)'?ll (?:love|thank you)\b",
            r"\b(?:solves?|fix(?:es)?|sorts?|cures?|eliminates?|removes?) (?:that|it|this|the \w+"
            r"|all (?:of )?(?:that|it))"
            r" (?:completely|entirely|for good|forever|overnight|instantly)\b|\bwon'?t (?:want to )?(?:go|look) back\b",
            r"\b(?:simply|just) (?:can'?t|won'?t|couldn'?t|doesn'?t) happen\b",
            r"\bwithout (?:a|any) (?:doubt|question)\b|\bno (?:problems?|issues?) whatsoever\b"
            r"|\beffortless\w*|\banything you (?:can )?throw at\b|\bhands down\b|\brock[- ]solid\b|\bzero (?:downtime"
            r"|worries|issues|problems|hassle)\b|\bnever have to (?:think|worry)\b",
            r"\bthe (?:most|best|fastest|cheapest|safest) (?:\w+ )?(?:\w+ )?(?:on the market|in the (?:industry|market"
            r"|business|country)|out there|around|money can buy)\b",
        ),
        "A promise you can't be sure of is borrowed trust; they will collect it when it breaks.",
    ),
    (
        "pressure",
        _any(
            r"(?<!if )(?<!what )(?<!would )(?<!will )(?<!do )(?<!did )\byou (?:need|have|must|ought) to\b(?! (?:size"
            r"|check|"
            r"measure|talk to|speak to|ask|look at|think about|be sure|know|compare|read))",
            r"\byou (?:really )?should (?:really )?(?:get|go|take|buy|sign|book|lock|try|switch|upgrade|do|move"
            r"|bring|come"
            r"|give)\b",
            r"\b(?:move|switch|bring|transfer|give|hand)\w* (?:\w+ ){0,3}(?:over |across )?to us\b"
            r"|\blet us (?:handle|take care"
            r" of|do|sort|manage|take over) (?:it|everything|all|the lot)\b",
            r"\byou'?d be (?:crazy|mad|foolish)",
            r"\bours (?:is|are) (?:way |much |far |a lot )?(?:better|faster|cheaper|stronger|nicer)\b",
            r"\bthe (?:best|smart|smartest|right) (?:move|thing|option|bet|call) (?:is|would be|now is) to (?:go|get"
            r"|buy"
            r"|switch|sign|move|upgrade|lock|book|order|take)\b|\bwhile there'?s (?:still )?an? (?:grant|offer|discount"
            r"|deal|promo|sale|slot)\b",
            r"\bwhat you'?(?:d| would|'ll| will) (?:lose|miss|be missing|be giving up)\b|\bwhat you'?re missing\b",
            r"\bwhat'?s there to (?:think|worry|decide|consider)\b|\bit'?s a (?:great|fantastic|brilliant|amazing)"
            r" (?:deal|offer|price)\b",
            r"\buntil they (?:try|see|use)\b|\byou'?ll regret\b|\b(?:they'?ve|they have) had (?:loads|lots|a lot"
            r"|plenty) of (?:complaints|problems"
            r"|issues)\b|\b(?:they|they'?re|their \w+) (?:are|is)? ?(?:rubbish|terrible|awful|useless|unreliable"
            r"|cowboys|a gimmick|a con|a scam|a rip-?off|a joke|a trap)\b",
            r"\byou'?(?:ll| will| would|'d) lose (?:all )?(?:of )?(?:your|the) (?:[\w-]+ )?(?:data|rate|discount"
            r"|price|pricing"
            r"|history|deal|benefits|status|place|slot|loyalty)\b",
            r"\b(?:everyone|everybody) (?:\w+ ){0,3}(?:has|have|is|are) (?:already )?(?:switched|moved|signed|bought"
            r"|upgraded|on board|using)\b|\byou'?ve got to (?:see|try|get|have|check)\b",
            r"\bthe (?:fix|answer|solution|cure) (?:is|would be) (?:to )?(?:move|switch|upgrade|our|the new|going)\b",
            r"\b(?:everyone|everybody) (?:else )?(?:is|uses|has|already|loves|swears by|raves about)"
            r"|\byour competitors (?:are|already|have)",
            r"\bdon'?t (?:worry|overthink|let (?:it|that)|wait)\b|\btrust me\b|\bno[- ]brainer",
            r"\bjust (?:go|try|sign|buy|do|drop|leave) (?:it|with|ahead|for|them)\b|\bdrop them\b",
            r"\bwhat are you waiting for|\bcan'?t afford not to|\bnow or never|\bthe sooner you\b",
            r"\bwhat (?:would|do|can|could|will) (?:we|i) (?:need to |have to )?do to (?:keep|win|get) (?:you|your"
            r" (?:business|custom|signature))\b",
            r"\bbefore it'?s too late|\bwhat'?s stopping you|\bwhat would it take\b|\byou'?re (?:losing|leaving) money",
            r"\bi'?d (?:really )?(?:recommend|suggest) (?:putting|going with the|we go|the full|you"
            r" go|signing|booking)",
            r"\bi'?d hate for you to\b|\byou deserve\b|\bgo over (?:their|his|her) head",
            r"\b(?:skip|bypass|go around|get round|get around|cut out) (?:your|the|their) (?:boss|manager|director"
            r"|board"
            r"|finance|procurement|it team|head)\b",
            r"\bloop (?:them|him|her|it) in later\b|\bthe good news is\b|\bthat'?s (?:exactly )?why\b",
            r"\bour (?:prices|price) (?:are|is) the best|\bthe best (?:you'?ll find|deal|we do|out there|in the)\b",
            r"\bbest[- ]seller\b|\bmost advanced\b|\bcompletely different\b|\bwe'?re not like that\b",
            r"\byou get what you pay for\b|\bforget (?:about )?(?:the|that|hybrid|them|it)\b|\bis what you want\b",
            r"\bloads of (?:people|customers|clients)\b|\bmost people (?:say|find)\b|\ba lot of people in your",
            r"\bwon'?t even notice\b|\bthe payment is tiny\b|\bit'?s (?:actually )?cheap (?:when|if)\b",
            r"\bi'?d (?:really |strongly |just )?(?:recommend|suggest|go (?:straight )?(?:for|with)) (?:our\b"
            r"|the (?:[\w-]+ )?"
            r"(?:plan|package|tier|upgrade|bundle)\b|(?:pro|premium|enterprise|plus|platinum|gold|top)\b)",
            r"\bmost (?:\w+ )?(?:people|teams|customers|clients|businesses|companies|firms|users)(?: (?:like you"
            r"|your size|like yours|in your \w+))? (?:say|find)\b"
            r"(?![^.?!]{0,40}\b(?:enough|plenty|fine|don'?t need|overkill))",
            r"\b(?:exactly|precisely) why\b|\bwhich is why (?:our|we|this|you)\b",
            r"\bso you don'?t (?:need|have) (?:the|a|to go to) (?:tender|approval|sign[- ]off|procurement|board)"
            r"|\b(?:get|go|work) around (?:the|your) (?:tender|procurement|approval|process|board|budget)",
            r"\bcounter[- ]?offer\b|\b(?:can'?t|couldn'?t) (?:ignore|refuse|say no to)\b|\bthe best thing (?:you|to)"
            r" (?:can )?do\b",
            r"\bif you (?:move|switch|upgrade|go|come|sign) (?:over |up )?(?:to|with) (?:our|us)\b",
            r"\byou know (?:what we'?re like|us|we'?re|we (?:always|never))\b|\bin good company\b",
            r"\b(?:perfect|right|ideal|best) (?:time|moment) to (?:invest|buy|switch|upgrade|sign|start|move|lock|try"
            r"|book)"
            r"\b|\bnow'?s the (?:perfect |right |best )?time\b",
        ),
        "Pressure moves you closer to the sale and them further from trusting you.",
    ),
    (
        "leading question",
        _any(
            r"\b(?:wouldn'?t|won'?t|don'?t|isn'?t|aren'?t|doesn'?t|shouldn'?t) (?:you|it|that|this|your team)"
            r" (?:agree|think|want|be|make sense|love|deserve|worth|a shame|exactly)",
            r"\bwhat (?:would|'d) it be worth\b|\bworth to you\b|\bdo you (?:really )?want to (?:keep|carry on"
            r"|continue|go on)\b"
            r"|\bcan you afford to (?:keep|wait|lose)\b",
            r"\bare you (?:really )?(?:happy|comfortable|ok|okay) (?:paying|to keep|losing|wasting|with paying"
            r"|leaving)\b"
            r"|\bwhat'?s (?:holding you back|the hold[- ]up)\b|\bwhy wouldn'?t you\b|\bwhy not (?:just )?(?:try"
            r"|switch|start"
            r"|go|sign|give)\b|\bis (?:that|this|it) really (?:the best|worth|working|a good)\b"
            r"|\bbest use of (?:their|your)"
            r" (?:time|money)\b",
            r"\byou'?ll agree\b|\bi'?m sure you (?:can see|agree)\b|\bcan you (?:see how|imagine|picture)\b|^surely\b"
            r"|\bhow much (?:is|are|has) (?:\w+ ){0,3}costing you\b|\bis it fair to say\b",
            r"\bwouldn'?t it be (?:great|nice|better)|\bwould it not be better\b|\bsurely you\b|\bdon'?t you want\b",
            r",\s*(?:isn'?t|is|aren'?t|don'?t|doesn'?t|wouldn'?t|can|can'?t|won'?t|right) (?:it|you|they|that|we)\s*\?",
            r",\s*yes\?\s*$",
            r"(?<!is that )(?<!that )\bright\?\s*$|\bthough\?\s*$|\bwould it be fair to say\b|\byou'?d agree\b",
            r"\bdo you really want\b|\bcan you really\b|\bput a price on\b",
            r"\breally what you want\b|\blet me ask you this\b|\bexactly\.|\btell me you wouldn'?t\b",
            r"\bwhat'?s it costing you\b|\bhow ready are you\b",
            r"\bwhat would (?:it take|get you to|need to happen for you to)",
            r"\bif i (?:can|could) (?:get|give|do|make|swap|include)\b.{0,80}\b(?:will|would|can|could|are) you\b",
            r"\bif we (?:swap|start|do|include|drop|change)\b.{0,80}\b(?:are you|can we|could we|will you|would you)\b",
            r"\bwould (?:it|that) (?:help|change things|get us) if i\b(?!"
            + _THEIR_CHOICE
            + r")(?! (?:sent|send|wrote|put together|shared"
            r"|emailed)"
            r" (?:\w+ )?(?:a|an|the|some) (?:[\w-]+ )?(?:summary|overview|notes|breakdown|comparison|write-up"
            r"|list)\b)|\bhow about i\b",
            r"\bcan'?t (?:really )?(?:risk|afford) that\b|\bcan you (?:really )?(?:risk|afford)\b|\b(?:could|can"
            r"|will|is) cost(?:ing)? you\b",
            r"(?:^|[.!?]\s+|(?:^|[.!?,]\s*)(?:but|so|and|maybe|sure|right|ok|okay|yes|yeah|true|then),?\s+)"
            r"(?:wouldn'?t|isn'?t|don'?t|doesn'?t|won'?t|aren'?t|shouldn'?t|couldn'?t)\b(?! you (?:already|currently)"
            r" have| your current)[^.?!]{0,200}\?",
            r",\s*(?:would|could|should|will|do|did|didn'?t|have|haven'?t|shouldn'?t) (?:it|you|they|that|we)\s*\?",
            r",\s*(?:wouldn'?t|don'?t) you (?:say|agree|think)\s*\?|\bis exactly what\b",
            r"\b(?:price|cheap\w*) or (?:the )?quality\b|\bquality or (?:the )?price\b",
            r"\bisn'?t the real (?:question|issue|problem|cost)\b|\bthe real question is\b|\bimagine (?:what|how|if)\b",
        ),
        "A leading question asks them to agree with you, not to tell you anything.",
    ),
    (
        "evasion",
        _any(
            r"\blet'?s not (?:worry|get into|dwell|focus)|\bthat'?s not (?:really )?(?:an issue|a problem|important)",
            r"\b(?:that|this) aside\b|\bsetting that aside|\bregardless,|\bmoving on\b|\bbut more importantly",
            r"\bthe bigger picture is\b|\bit'?s (?:just|only) a (?:small|minor) (?:thing|glitch|issue)",
            r"\bnobody (?:else )?(?:has|had) (?:that|this) problem|\bnobody ever leaves\b",
            r"\bby the way\b|\bon (?:a|an) (?:other|different|unrelated) note|\bspeaking of which|\bwhile i have you",
            r"(?:^|[.!?]\s+)anyway,|\bthe important thing is\b|\bwhat matters is\b|\bwhat i can (?:say|tell you) is\b",
            r"\bdon'?t think you'?ll (?:miss|need|notice|care)\b",
            r"\bwe'?ll get to all that\b|\bsomething we take (?:\w+ )?seriously\b|\bat the heart of (?:everything"
            r"|what we)",
            r"\bfirst let me show\b|\bevery product gets\b|\bnot really something that comes up\b",
            r"\byou'?re in (?:safe|good) hands\b",
            r"\bwe take (?:it|this|that|uptime|security) (?:incredibly |very )?seriously",
            r"\bi'?d be careful (?:comparing|with|about)\b(?! expecting)|\bshall we focus on\b|\breviews never tell\b",
            r"\bthere'?s going to be loads\b|\bone of the best\b|\bhappy people don'?t\b|\bthat happens way too often",
            r"\bnot (?:really )?able to get into\b|\bcan'?t (?:really )?get into (?:that|it)\b",
            r"\bprices are always moving\b|\byou know how it is\b|\bnow, what (?:colou?r|size|model)\b",
        ),
        "Stepping around their concern tells them it will be stepped around again.",
    ),
)
PITCH = _any(
    r"\bour (?:platform|product|solution|software|tool|system|app|service|new|premium|latest|pro|enterprise)\b",
    r"\bour (?:offer|range|package|bundle|team is|full|hr|hosting|migration|\w+ (?:plan|suite|platform))\b",
    r"\bwe (?:offer|provide|also (?:have|do|offer)|can also)\b|\bwe do (?:seo|it all|everything)\b",
    r"\bwe'?ve got (?:the|a|an) (?:perfect|great|new)\b|\bwe have (?:a|an|the) (?:new|great|premium|perfect)\b",
    r"\b(?:new|latest|premium|pro|enterprise) (?:feature|features|version|tier|plan|package|module|model)\b",
    r"\bcomes with\b|\bplan includes\b|\bbest[- ]in[- ]class|\b(?:industry|market)[- ]leading",
    r"\bstate[- ]of[- ]the[- ]art|\baward[- ]winning|\bcase stud(?:y|ies)",
    r"\b(?:our|other) (?:clients|customers|users)\b(?: \w+){0,4} (?:love|saw|got|see|report|stay|saved|save|saves"
    r"|cut|doubled|halved"
    r"|tripled)\b",
    r"\bupgrade (?:you|to)\b|\badd-on\b|\bthe (?:premium|pro|enterprise) (?:plan|tier|version)",
    r"\bsaves? you\b|\bpays for itself|\bwhy (?:not )?(?:upgrade|switch|try (?:our|the))\b",
    r"\bbook (?:a|you a) demo|\bdemo (?:of|for) (?:our|the)\b|\blet me (?:show|walk) you (?:the|our|through the full)",
    r"\byou'?ll love (?:it|the|our)\b|\bit'?s our best\b|\bthe perfect (?:thing|time|moment|fit)\b",
    r"\bwith our \w+ you get\b|\byou get (?:nvme|unlimited|free)\b|\bdashboards?\b",
    r"\bour (?:\w+ )?(?:package|plan|program|programme|bundle|service|venue|range|option|tier|suite|product"
    r"|platform)\b",
    r"\b(?:the|our) (?:premium|pro|enterprise|deluxe|upgraded|gold|platinum) \w+",
    r"\b(?:clinics|teams|companies|firms|schools|practices|businesses|councils|shops|people) like (?:yours|you)\b",
    r"\bhave you (?:considered|thought about|looked at|tried|seen) (?:our|switching|upgrading|moving|going)\b"
    r"|\b(?:really|very|super) popular\b",
    r"\bour (?:\w+ )?(?:consultants|engineers|experts|specialists) (?:can|will|would)\b|\bfor (?:just |only )?(?:£|\$"
    r"|€)\d"
    r"|\bthe upgrade\b",
    r"\bmost of our (?:customers|clients|users)\b|\b(?:they|customers|clients) (?:all )?love (?:it|how|the|our|us)\b",
    r"\b\d{1,3}(?:\.\d+)?\s?% (?:retention|satisfaction|success|renewal|of (?:our )?(?:clients|customers))\b",
    r"\b(?:for a|at a) (?:small|little|tiny) (?:extra|uplift|premium)|\bsmall uplift\b|\ba (?:bit|little) more but\b",
    r"\bour (?:[\w-]+ ){1,2}(?:would |will |can |could )?(?:solves?|fix(?:es)?|prevents?|handles?|picks? up|stops?"
    r"|cuts?|eliminates?|automates?|does exactly|takes care)\b|\bfor (?:£|\$|€)\d[\d,.]*k\b|\bfor \d{2,3}(?:\.\d)?k\b",
    r"\b(?:send|email|pop|post)\w*(?: you| it| them)?(?: over| across| through)? (?:a|the|our|my|some) (?:proposal"
    r"|brochure"
    r"|price list|pricing sheet|pricing|case stud\w*|catalogue|spec sheet)",
)
# A statement about them and how things are for them, with nothing of ours in it, reflects ("That's a heavy load
# to carry on your own."; "Must be exhausting."; "I'm guessing nobody's said when they'll replace her.") ...
ABOUT_THEM = _any(
    r"\b(?:you|your|yourself|you'?re|you'?ve)\b",
    r"^(?:and |so )?(?:i'?m guessing|i (?:imagine|bet|guess|suspect)|i'?d guess|must (?:be|have been))\b",
    r"\b(?:exhausting|draining|gutting|galling|stressful|frustrating|maddening|miserable|overwhelming|lonely|worrying"
    r"|scary|infuriating|heartbreaking|demoralising|a nightmare|a headache|a heavy load|a lot to)\b",
)
# ... unless it promises them something or talks about us ("You'll love it"; "You can't go wrong with us").
ABOUT_US = _any(
    r"\b(?:we|we'?re|we'?ve|we'?ll|we'?d|our|ours|us|i'?ll|i will|i can|let me|let'?s|i'?d|i'?ve|me|my)\b|\bi'?m"
    r" (?!guessing)",
    r"\byou(?:'ll| will| won'?t|'d| would| can| could| should| need| have to| must| get|'re going to| are going to)\b",
    r"\b(?:hear|understand|appreciate|thank|get|feel|with) you\b|\bwhere you'?re coming from\b|\byou raising\b",
)
# A list of their things, not the product's ("so it's the delays, the invoices, the ...").
THEIR_LIST = _any(r"^(?:so,? )?(?:it )?sounds like|\byou (?:mentioned|said)\b|^(?:so,? )?(?:you|your)\b")
PIVOT = _any(r"\bwhat i can (?:say|tell you|do) is\b")
# A question about what they have now ("are you on our premium plan?"), not an offer of it.
THEIRS_NOW = _any(
    r"\b(?:are|were) you (?:still )?(?:on|using|with)\b|\bdo you (?:use|have|still)\b|\bwhich \w+ are you on\b"
)
# Words that hedge a product sentence into an answer about their case ("whether the hybrid saves you anything").
HEDGE = _any(r"\bwhether\b|\bdepends\b|\bonly (?:makes sense|worth)\b")
# A question said without its question mark: a wh-word with the verb before its subject ("which dishes are they
# leaving"), "how many", or a bare "<their word> how" ("broken how - screen or touch").
BARE_QUESTION = _any(
    r"^(?:what|which|how|why|where|when|who)(?: [a-z]+)? (?:do|does|did|is|are|was|were|has|have|had|can|could"
    r"|would|will|should)(?:n't)? (?:you|they|we|he|she|it|the|your|their|this|that|those|these|i)\b",
    r"^how (?:many|much|long|often|big|bad)\b|^[a-z]+ (?:how|where|when|which)\s*(?:$|[-,:\u2013\u2014])",
    r"^(?:what|who|which \w+) (?:\w+s|\w+ed|went) (?:at|in|on|with|when|after|before|the|your|you|it|them|to|wrong"
    r"|off)\b(?![^.?!]*\b(?:is|was)\b)",
    r"^(?:what|who|where|how)'s (?:the|it|that|this|your|their|he|she|happening|wrong|going on|changed)\b"
    r"|^(?:anything|is there anything) (?:i|you|else|we)\b|^since when\b|^(?:which|what|how|where|when|who"
    r"|why) \w+[.!]?$",
)
# Saying you can't or won't promise something is the opposite of promising it ("I'd be lying if I said we've
# never had a shortage"; "I don't want to say yes without numbers").
DISCLAIMED = _any(
    r"\b(?:don'?t|do not|won'?t|can'?t|cannot|wouldn'?t|not going to|never going to|refuse to|rather not)"
    r"(?: \w+){0,2} (?:say|promise|pretend|tell you|claim|guarantee|swear)\b[^.?!]{0,60}$",
    r"\blying if (?:i|we) (?:said|told you|say)\b[^.?!]{0,60}$|\bbefore (?:we|i|you|anyone)\b[^.?!,]{0,30}$",
)
WH_WORD = _any(r"\b(?:what|how|why|which|where|when|who|whom|whose)\b|\b(?:what|how|who|where|when)'s\b")
NO_PRESSURE = _any(
    r"\btake (?:all )?the time you need\b|\bi'?m (?:around|here)(?: if| whenever|[.!]|$)|\btake your time\b"
    r"|\bno rush\b|\bwhenever (?:suits|works|you'?re ready)\b|\bgive me a shout\b|\bno pressure\b",
    r"\bit'?s your call\b|\bin your own time\b|\bwhen you'?re ready\b",
    r"\b(?:ping|call|email|text|message|drop) me (?:a line )?(?:when|if|whenever)\b|\bhappy to wait\b|\bno hurry\b"
    r"|\bthere'?s no (?:rush|hurry)\b|\btake (?:as long|whatever time)\b",
    r"\bi'?ll (?:stop|leave you|back off|leave it (?:there|with you))\b",
    r"\buntil you'?re (?:happy|ready|comfortable|sure)\b|\bsleep on it\b|\bthink it over\b|\btake (?:a|the) (?:day|week"
    r"|weekend)\b",
    r"\b(?:shout|holler|let me know|ping me) if you (?:want|need|fancy|decide)\b|\buntil you (?:tell|say|decide|let me"
    r" know)\b",
)
INVITATION = _any(
    r"\btell me (?:more|about|what|how|why|where|when|which)\b|^tell me\b",
    r"\bsay more\b",
    r"\bwalk me through\b",
    r"\btalk me through\b",
    r"\bhelp me understand\b",
    r"^go on\b",
    r"\bi'?d (?:like|love|want|need) to (?:hear|understand|know|see|learn)\b",
    r"\bbefore i (?:suggest|recommend|say|quote|propose|pitch|show)\b|\blet'?s start with (?:what|how|why|where|you)\b",
    r"\byou tell me (?:where|what|how)\b",
    r"\bi'?m (?:all ears|listening)\b|^go ahead[,.!]",
)
REFLECTION = _any(
    r"^(?:so\s+)?(?:it\s+)?sounds like|^(?:sounds|seems) (?:like|as if|frustrating|hard|tough|stressful)",
    r"^(?:got it|understood|right|ok(?:ay)?|heard),?\s+so\b|^so (?!shall|can|could|would|will|let)",
    r"\byou mentioned|\byou said\b|\byou asked (?:me|about)\b|\bif i'?m hearing (?:you|this|that) (?:right|correctly)",
    r"\bwhat i'?m hearing|\blet'?s make sure you'?re happy\b",
    r"\bso what you'?re saying|\bi hear (?:that|you'?re|you are)|\bthat must (?:be|have been)",
    r"\bthat sounds (?:hard|tough|frustrating|stressful|painful|like a lot)|\bi can see (?:why|how)",
    r"\bno wonder\b|\bthat'?s (?:a lot|frustrating|hard|tough|rough|painful)",
    r"^(?:understood|got it|fair enough|fair),? (?:you|you'?ve|you'?re|that'?s)\b",
    r"\bmakes sense (?:you|that you)\b|\bunderstandabl[ey] (?:that )?you\b|\bis a lot to\b|\bthat'?s a real\b",
    r"\bi'?d rather not add to\b|\bis that right\?",
    r"^(?:and |so )?you'?(?:re| are|ve| have| feel| must)\b(?! going to| gonna)|\b(?:wearing|grinding"
    r"|getting) you down\b",
    r"\b(?:that|it|this) (?:can'?t|couldn'?t) (?:have been|be) (?:an? )?(?:easy|fun|nice|pleasant)\b",
    r"\bi'?m (?:so |really |very )?sorry (?:to hear|you)\b|\bthank(?:s| you) for (?:telling|letting|being|flagging"
    r"|raising|explaining) (?:me|us)\b",
    r"^(?:fair|fair enough|true|that'?s fair|good point|agreed|understandabl[ey]|(?:that )?makes (?:total "
    r"|complete )?sense"
    r"|ouch|oof|yikes|ugh|oh no)\b",
    r"^(?:oh,? )?(?:that|it|this) (?:sounds|must (?:be|have been|feel)|must'?ve been) (?:really |so |very |pretty "
    r"|genuinely |absolutely |incredibly )?(?!great|good|perfect|brilliant|amazing|fantastic|exciting|like a (?:great"
    r"|perfect))[a-z]+(?:ing|ful|ed|ous|ible|able|ive)\b",
    r"^(?:if i'?ve (?:understood|got (?:this|that|you|it) right)|let me (?:check|make sure) i'?ve got (?:this|that"
    r"|it))",
    r"\b(?:lands|falls|comes back) on you\b|\bon your (?:plate|shoulders)\b",
    r"\b(?:that|it|this|which) (?:sounds|must be|must have been|is|was|seems) (?:really |so |very |pretty |genuinely"
    r" |absolutely |incredibly )?(?:maddening|exhausting|awful|horrible|miserable|rough|hard|tough|frustrating"
    r"|stressful|painful|draining|a nightmare|a pain|annoying|infuriating|worrying|scary|difficult|grim|unfair"
    r"|gutting|galling|a blow|a headache|a worry|embarrassing|demoralising|heartbreaking|overwhelming|a mess)\b",
)
STRONG_REFLECTION = _any(
    r"^(?:so\s+)?(?:it\s+)?sounds like", r"^so (?!shall|can|could|would|will|let)", r"\byou (?:mentioned|said|asked)\b"
)
HONEST_LIMIT = _any(
    r"\bwe (?:can'?t|cannot|won'?t|aren'?t able to|are not able to|couldn'?t)\b",
    r"\bwe don'?t (?:do|offer|support|cover|stock|carry|integrate|ship|deliver|make|sell|work with)\b",
    r"\bwe don'?t have (?:a|an|that|it)\b",
    r"\bi (?:can'?t|cannot|won'?t|wouldn'?t|would not)\b",
    r"\bi (?:\w+ )?don'?t know\b|\bi don'?t want to say yes\b|\bi'?m not sure (?:it|we|that)\b",
    r"\b(?:not|isn'?t) (?:a |the )?(?:good |great |right )?fit\b|\bwe'?re not the right",
    r"\byou'?d be better (?:off|served)|\bi'?d (?:recommend|suggest) (?:going with|looking at|talking to)\b",
    r"\bi'?d (?:leave|stick|keep|wait|hold off|skip|start with|talk you out|look at)\b",
    r"\bi'?d rather\b(?! you (?:sign|book|commit|lock|go ahead|did|decided))",
    r"\bwon'?t be ready\b|\bthat'?s (?:not|beyond) (?:something we|what we)|\bthat'?s on (?:us|me)\b",
    r"\bwe (?:got|made) (?:it|that) wrong|\bmy (?:mistake|fault|error)|\bi was wrong|\byou'?re right\b",
    r"\bi (?:messed|screwed) up|\bi'?m sorry (?:i|we|for (?:the|my|our|not))|\bi apologi[sz]e for\b",
    r"\bnot (?:possible|realistic|safely|with us|really|yet)\b|^no[.,]|^(?:honestly,? )?probably not\b",
    r"(?:^|[.!?]\s+|\bno,?\s+)it doesn'?t\b|\bnothing on the roadmap\b|\bwary of anyone|\bworried about anyone"
    r"|\b(?:would|will|should) (?:probably )?do you\b(?! an?\b| the\b)|\bnothing you'?d notice\b",
    r"\bwould be fine with\b|\ba lot cheaper\b|\bbetter deal now\b|\bpay for a lot you won'?t use\b",
    r"\btake you off (?:the|our|my) list\b|\bi won'?t (?:chase|call|bother|push)\b|\bwould do the job\b",
    r"\ba (?:tenth|fraction|half|third|quarter) of the (?:price|cost)\b|\bhardly (?:get )?used\b|\byou could, but\b",
    r"\brealistically,? (?:it'?s|the|we|i|probably)\b|\bhonestly,? (?:probably|give|try|test|check|ask|wait|keep"
    r"|compare|talk)\b"
    r"|\bi'?d (?:test|try|check|trial|pilot|compare|ask|read) (?:\w+ ){0,3}first\b|\bcan be (?:patchy|flaky|hit and"
    r" miss|unreliable|slow|fiddly|tricky)\b|\bit depends\b|\bdepends (?:on|how|what|whether)\b"
    r"|\bwithout numbers\b",
    r"^not realistically\b|\bwhat it actually takes\b|\bi'?d rather tell you\b|\bdon'?t buy\b|\byou'?d be paying for\b",
    r"\bwould cover you\b|\bnot (?:your|the) (?:best|right) (?:option|choice|fit)\b|\bi don'?t think you should\b",
    r"\bworth more than anything we\b|\bmight not suit you\b|\bwon'?t suit\b",
    r"\b(?:i'?m|we'?re) not going to (?:promise|pretend|lie|dress|sugar|tell you|guarantee|oversell|push|sell)"
    r"|\bi'?d be lying\b",
    r"\b(?:our|my) (?:failure|fault|mistake|error|bad|screw[- ]?up)\b|\bwe (?:were|was) (?:late|wrong|slow|short)\b"
    r"|\bwe (?:let you down|dropped the ball|messed up)",
    r"\bstay(?:ing)? (?:put|where you are|with (?:them|your current|what you))\b|\bnothing to talk about\b"
    r"|\b(?:probably|honestly|likely) (?:the )?(?:better|right|best|smarter|safer|cheaper) (?:call|option|choice"
    r"|bet)\b",
    r"\bour [\w-]+(?: [\w-]+)? (?:won'?t|can'?t|doesn'?t|don'?t) (?:get|do|handle|cover|work|fit|pass|meet|support"
    r"|reach|suit|integrate)\b|\b(?:do|does) struggle\b|\b(?:a )?known (?:issue|problem|fault|bug)\b",
    r"\b(?:i'?d|you'?d|you could|you might) (?:\w+ )?(?:look|try|check) (?:there|elsewhere|at them|with them)\b",
    r"\b(?:poor|bad|wrong) fit\b|\bserve you better\b|\bbetter (?:suited|served)\b",
    r"^not (?:for|by|on|until|this|today|tomorrow|in|natively|directly|out of the box|automatically|quite|exactly"
    r"|always|fully)\b",
    r"\b(?:basic|cheaper|cheapest|starter|smaller|lite|entry|standard|free) (?:plan|tier|version|option|package|one)"
    r" (?:is|would be|'s) (?:probably |likely |honestly )?(?:all|enough|plenty|what) (?:you|for you)\b",
    r"\bthe (?:earliest|soonest) (?:i|we) can\b",
    r"\b(?:that'?s|it'?s|this is|that was|it was) not (?:good enough|acceptable|ok|okay|on)\b",
    r"\brather than (?:me|us) \w+ing\b|\b(?:would|will|'ll|should|might|probably) (?:probably )?(?:cover|suit) you\b",
    r"\b(?:won'?t|wouldn'?t|doesn'?t|isn'?t going to) (?:fix|solve|cure) (?:it|that|this|the|your)\b",
    r"\b(?:basic|cheaper|cheapest|standard|free|entry|starter|smaller|lite|base) (?:plan|tier|version|model|option"
    r"|package|one)\b[^.?!]{0,30}\b(?:would|will|should|might|could|'ll)\b[^.?!]{0,15}\b(?:do|cover|be enough|suit)\b",
    r"\b(?:we'?ll|we would|we'?d|we) (?:probably |likely )?(?:lose|come second|be more expensive|be dearer|cost more)"
    r"\b|\b(?:they|they'?re|\w+'s) (?:are |is )?(?:probably |likely )?(?:cheaper|better|faster) (?:than us|on|for)\b",
    r"\b(?:stick|stay) with (?:them|him|her|it|what you(?:'ve| have)|your current)\b|\byou know where (?:i am|to find"
    r" me)\b|\bif (?:that|anything|it) (?:ever )?changes\b",
    r"\bi'?d not\b|(?:^|[.!?]\s+)[^.?!,]{1,30},\s*no[.!]",
    r"\byou (?:probably |really )?don'?t need\b(?! to (?:worry|think|wait|shop))|\bkeep (?:what you'?ve got|your"
    r" current|using)\b|\bmore than you need\b|\boverkill\b|\bwaste of (?:your )?money\b|\bdon'?t bother\b",
    r"^(?:then )?take (?:it|them|their offer)\b|\bcome back (?:and|if|when|to us)\b|\bif (?:it|they|that) (?:doesn'?t"
    r"|don'?t) (?:do the job|work out|suit)\b",
    r"\bbefore you (?:sign|commit|buy|spend)\b|\byou (?:might|may|could) be (?:overpaying|paying too much)\b"
    r"|\bstart (?:there|small|with the (?:free|basic|cheap|smaller|lite))\b",
    r"\b(?:isn'?t|is not|aren'?t|wouldn'?t be|won'?t be) (?:really )?(?:for you|right for you|worth it for you)\b",
    r"\bi'?d (?:completely |totally )?understand\b|\bfirst thing to go\b",
    r"\bi'?d (?:point|send|refer) you (?:to|towards)\b|\bi'?d want you to (?:hear|know|see|talk)\b",
    r"\b(?:won'?t|wouldn'?t|doesn'?t|don'?t) (?:make sense|be worth it|pay off)\b|\bnot the (?:right )?time (?:to"
    r"|for)\b"
    r"|\bnow'?s not the time\b|\blet'?s talk (?:in|after|next)\b",
    r"^we don'?t[,.]|\bwe only (?:do|offer|sell|cover|stock|make|work with)\b|\b(?:do|be) (?:a )?(?:far |much |lot )?"
    r"better (?:job )?than (?:we|us|i)\b|\b(?:deeper|better|stronger|faster|cheaper|bigger|broader) than (?:ours|us"
    r"|we are|we do)\b",
    r"\bnot (?:massively|hugely|by much|dramatically|a lot)\b|\bin some ways,? no\b|\b(?:worse|less|shorter|slower"
    r"|weaker|longer|harder|dearer|more expensive|more work) than (?:the brochure|advertised|we (?:say|claim|advertise)"
    r"|the spec|you'?d (?:hope|expect|want|like|think)|(?:our|the) (?:website|site|sales (?:deck|pitch)|marketing"
    r"|brochure)"
    r" (?:says|suggests|claims|makes out))\b|(?:^|[.!?]\s+)(?:only )?partly\b"
    r"|\bonly partly\b"
    r"|\b(?:don'?t|wouldn'?t|careful about) expect(?:ing)? (?:too much|miracles|much)\b",
    r"\bi don'?t want to (?:oversell|overstate|overpromise|exaggerate|promise|mislead)\b|^only (?:one|two|a few"
    r"|a couple)"
    r"\b",
    r"\b(?:it'?s|it is|ours (?:is|are)|our [\w-]+ (?:is|are)|we'?re|we are) (?:a bit |pretty |quite |honestly |still )?"
    r"(?:uneven|patchy|inconsistent|hit and miss|mixed|limited|basic|thin|clunky|dated|weak|not great|behind)\b",
    r"\b(?:tell you|see|check|find out) (?:if|whether) it'?s (?:even |really )?worth\b",
    r"\beven if the answer'?s no\b|\bonly (?:makes sense|worth it|pays off|worth paying)\b",
    r"\bwe(?:'ve| have)? had (?:an?|one|two|three|a few|some|several|\d+) (?:\w+ )?(?:outages?|problems?|issues?"
    r"|delays?"
    r"|complaints?|failures?|incidents?|bugs?)\b",
    r"\bi don'?t think (?:we'?re|we are|it'?s|it is|this is|that'?s|we|it|our \w+) (?:\w+ )?(?:the )?(?:right|good|best"
    r"|worth|for you|suit|fit|needed|necessary)\b",
    r"\b(?:isn'?t|is not|not) (?:the (?:right )?(?:year|time|moment|quarter|month)) (?:for|to)\b",
)
SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
WORD = re.compile(r"[a-z0-9']+")
STOP = frozenset(
    re.findall(
        r"\S+",
        "a an the and or but so if to of in on at for with from by about as is are was were be been am i you "
        "we they he she it my your our their this that these those there here what how why which when who me "
        "us them do does did have has had can could would will should not no yes just really very too also "
        "more most some any all",
    )
)
GENERIC_INVITATIONS = frozenset(
    {"tell me more", "say more", "go on", "tell me more about that", "can you tell me more"}
)
MIRROR_WORDS = 3  # a sentence this short made only of their words mirrors them
FEATURE_LIST_COMMAS = 4  # a statement listing this many features is a feature dump
OVERRULE_MARGIN = 3.0  # log-odds past which the learned weights overrule the rules (odds of 20:1)
OVERRULE_WORDS = 6  # and only in a reply of at least this many words
# ... and so is a shorter list (three things or more) that we have or it does: "We've got analytics, scheduling,
# payroll and integrations."
OUR_LIST = _any(
    r"\b(?:we'?ve got|we have|we offer|we do|we provide|we also (?:have|do|offer)|it has|it'?s got|it includes"
    r"|it comes with|plus (?:you get|there'?s))\b[^.?!,]{1,40},\s*(?!but\b|so\b|and\b)(?:[\w'-]+ ){0,3}[\w'-]+"
    r"(?:,|\s+(?:and|or|plus)\b)"
)

LESSONS = {
    "open question": "An open question hands them the floor: they tell you what matters.",
    "invitation": "Inviting them to say more keeps the floor theirs.",
    "closed question": "A yes-or-no question checks a fact; an open one would learn more.",
    "reflection": "Giving their words back shows you heard them, and invites more.",
    "their words": "Picking up their own words tells them you listened to what they said, not what you expected.",
    "honest limit": "Saying what you can't do is what makes what you can do believable.",
    "pitch": "Talking about the product before you know the need answers a question they did not ask.",
    "feature list": "A list of features answers every question but theirs.",
    "no pressure": "Leaving the pace to them is what lets them come back.",
    "pushing words": "These words steer toward the sale: in replies trainers marked, they go with pushing.",
    "listening words": "These words ask about them: in replies trainers marked, they go with listening.",
    "no listening": "No question, no reflection, no honest limit: a statement about you or the product, not them.",
}


def _normal(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _content_words(text: str) -> set[str]:
    return {word for word in WORD.findall(_normal(text).casefold()) if word not in STOP and len(word) > 2}


def _restates(sentence: str, theirs: set[str]) -> bool:
    """A statement with nothing of ours in it that gives back two of their words, in whatever form ("Staff side
    works; it's the family side that's generating the calls." to "... the residents' families ... keep ringing")."""
    stems = {_stem(word) for word in theirs}
    return (
        len(stems & {_stem(word) for word in _content_words(sentence)}) >= 2
        and ABOUT_US.search(sentence) is None
        and sentence.count(",") < FEATURE_LIST_COMMAS
    )


def _stem(word: str) -> str:
    """A crude stem: enough to hear a customer's word again in another form, not a linguist's root."""
    word = word.removesuffix("'s").rstrip("'")
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + replacement
    return word


def _about_them(sentence: str) -> bool:
    """A short statement about them and how things are for them, with nothing of ours and no platitude in it."""
    return (
        ABOUT_THEM.search(sentence) is not None
        and ABOUT_US.search(sentence) is None
        and sentence.count(",") < FEATURE_LIST_COMMAS
        and len(WORD.findall(sentence)) <= 25
    )


def _mirrors(sentence: str, theirs: set[str]) -> bool:
    """A sentence of at most three words, all of its own ones theirs: their word handed back ("Half."; "Years.")."""
    words = WORD.findall(sentence.casefold())
    own = _content_words(sentence)
    return len(words) <= MIRROR_WORDS and bool(own) and own <= theirs


def _quote(original: str, match: re.Match[str]) -> str:
    return original[match.start() : match.end()].strip()


@dataclass(frozen=True)
class _Sentence:
    text: str  # verbatim
    question: bool


def _sentences(reply: str) -> list[_Sentence]:
    return [
        _Sentence(part.group(0).strip(), part.group(0).strip().endswith("?"))
        for part in SENTENCE.finditer(reply)
        if part.group(0).strip()
    ]


def score_reply(reply: str, customer_says: str = "") -> ReplyScore:
    """Read one reply (to what the customer said, when known) for listening and pushing cues."""
    text = _normal(reply)
    cues: list[Cue] = []
    limit = HONEST_LIMIT.search(text)
    theirs = _content_words(customer_says)
    for kind, pattern, lesson in HARD_PUSHES:
        if found := _first_push(kind, pattern, text, theirs, limit):
            cues.append(Cue(kind, _quote(reply, found), lesson, True))
    sentences = _sentences(reply)
    open_questions = closed_questions = reflections = 0
    picks_up = False
    listening_at: int | None = None  # the first sentence that listens
    last_pitch_at: int | None = None
    first_pitch_at = len(sentences)
    for index, sentence in enumerate(sentences):
        normal = _normal(sentence.text).strip()
        echoes = theirs & _content_words(normal)
        if sentence.question and _pitches(normal, theirs) and not THEIRS_NOW.search(normal):
            cues.append(Cue("pitch", sentence.text, LESSONS["pitch"], True))
            last_pitch_at, first_pitch_at = index, min(first_pitch_at, index)
            continue
        if INVITATION.search(normal):
            open_questions += 1
            cues.append(Cue("invitation", sentence.text, LESSONS["invitation"], False))
        elif WH_WORD.search(normal) if sentence.question else BARE_QUESTION.search(normal):
            open_questions += 1
            cues.append(Cue("open question", sentence.text, LESSONS["open question"], False))
        elif sentence.question:
            closed_questions += 1
            cues.append(Cue("closed question", sentence.text, LESSONS["closed question"], False))
        elif (
            not sentence.question
            and (normal.count(",") >= FEATURE_LIST_COMMAS or OUR_LIST.search(normal))
            and not (THEIR_LIST.search(normal) and not PITCH.search(normal))
        ):
            cues.append(Cue("feature list", sentence.text, LESSONS["feature list"], True))
            last_pitch_at, first_pitch_at = index, min(first_pitch_at, index)
            continue
        elif (REFLECTION.search(normal) and (STRONG_REFLECTION.search(normal) or not PITCH.search(normal))) or (
            (len(echoes) >= 2 or _about_them(normal) or _mirrors(normal, theirs) or _restates(normal, theirs))
            and not PITCH.search(normal)
        ):
            reflections += 1
            cues.append(Cue("reflection", sentence.text, LESSONS["reflection"], False))
        else:
            if _pitches(normal, theirs):
                cues.append(Cue("pitch", sentence.text, LESSONS["pitch"], True))
                last_pitch_at, first_pitch_at = index, min(first_pitch_at, index)
            elif normal.count(",") >= FEATURE_LIST_COMMAS:
                cues.append(Cue("feature list", sentence.text, LESSONS["feature list"], True))
                last_pitch_at, first_pitch_at = index, min(first_pitch_at, index)
            continue
        if listening_at is None:
            listening_at = index
        picks_up = picks_up or bool(echoes)
    if calm := NO_PRESSURE.search(text):
        cues.append(Cue("no pressure", _quote(reply, calm), LESSONS["no pressure"], False))
        listening_at = 0 if listening_at is None else listening_at
    if limit:
        cues.append(Cue("honest limit", _quote(reply, limit), LESSONS["honest limit"], False))
        listening_at = 0 if listening_at is None else listening_at
    if picks_up:
        echoed = ", ".join(sorted(theirs & _content_words(text))[:4])
        cues.append(Cue("their words", echoed, LESSONS["their words"], False))
    words = len(WORD.findall(text))
    hard = [cue for cue in cues if cue.pushing and cue.kind not in {"pitch", "feature list"}]
    # A pitch before any listening is "pitched before asking", whatever question follows it (a budget, a
    # postcode); after listening, one that closes the reply talks past what was just heard. An honest limit
    # said alongside is an answer, not a pitch.
    # A feature list is a pitch wherever it stands and whatever else is said.
    pitched = any(cue.kind == "feature list" for cue in cues) or (
        last_pitch_at is not None
        and limit is None
        and (listening_at is None or first_pitch_at < listening_at or last_pitch_at == len(sentences) - 1)
    )
    listening = [cue for cue in cues if not cue.pushing]
    if hard:
        verdict, move = Verdict.PUSHING, Move.PRESSURED
    elif pitched:
        verdict, move = Verdict.PUSHING, Move.PITCHED
    elif listening:
        verdict = Verdict.LISTENING
        kinds = {cue.kind for cue in listening}
        if "honest limit" in kinds:
            move = Move.ADMITTED_LIMIT
        elif "reflection" in kinds and not open_questions:
            move = Move.REFLECTED
        elif open_questions or closed_questions:
            move = Move.ASKED
        else:
            move = Move.REFLECTED
    else:
        verdict, move = Verdict.PUSHING, Move.OTHER
        cues.append(Cue("no listening", _clip(reply), LESSONS["no listening"], True))
    # Without a hard push, the learned weights overrule the rules' verdict when they lean the other way by far,
    # in a reply long enough for them to weigh (in a short one a word and the pair it starts count the same
    # evidence twice). The deciding cue comes first (a transcript shows the first few), a "no listening" the
    # weights contradict goes, and the persona answers the verdict: a push as a pitch, listening as a question
    # when there was one, else as a reflection.
    if not hard and words >= OVERRULE_WORDS and (overruled := _overruled(reply, verdict)):
        cues = [overruled, *(cue for cue in cues if cue.kind != "no listening")]
        if overruled.pushing:
            verdict, move = Verdict.PUSHING, Move.PITCHED
        else:
            verdict = Verdict.LISTENING
            move = Move.ASKED if open_questions or closed_questions else Move.REFLECTED
    return ReplyScore(verdict, move, tuple(cues), open_questions, closed_questions, reflections, words, picks_up)


def _overruled(reply: str, verdict: Verdict) -> Cue | None:
    """A cue for the other verdict when the learned weights lean to it by more than `OVERRULE_MARGIN`, quoting
    the reply's word (or pair of words) that weighs most that way; none otherwise."""
    margin, weights = weigh(reply)
    pushing = margin > 0
    if abs(margin) <= OVERRULE_MARGIN or pushing == (verdict is Verdict.PUSHING):
        return None
    heaviest = next((weight for weight in weights if weight.weight and (weight.weight > 0) == pushing), None)
    if heaviest is None:
        return None
    kind = "pushing words" if pushing else "listening words"
    return Cue(kind, reply[heaviest.start : heaviest.end], LESSONS[kind], pushing)


def _pitches(sentence: str, theirs: set[str]) -> bool:
    """Whether a sentence pitches: names the product unhedged, and not only in the customer's own words ("our
    basic plan covers five users" answers "how many users does the basic plan cover?")."""
    if (found := PITCH.search(sentence)) is None or HEDGE.search(sentence):
        return False
    named = _content_words(found.group(0))
    return not (named and named <= theirs)


def _first_push(
    kind: str, pattern: _Pattern, text: str, theirs: set[str], limit: re.Match[str] | None
) -> re.Match[str] | None:
    """The first match of a hard push that is one, skipping the ones that only look like it."""
    start = 0
    while (found := pattern.search(text, start)) is not None:
        if not _excused(kind, text, found, theirs, limit):
            return found
        start = max(found.end(), found.start() + 1)
    return None


def _excused(kind: str, text: str, found: re.Match[str], theirs: set[str], limit: re.Match[str] | None) -> bool:
    """Whether a match of a hard push says something else: a push disclaimed ("I won't promise it'll be
    seamless") or denied ("it's not zero risk"); "what I can tell you is" after an honest "I can't"; a discount
    named in their own words to ask about it ("is a discount the deciding factor?" to "any discount for
    charities?"); an offer to do the very thing they asked for ("would you like me to cancel now?")."""
    if _disclaimed(text, found):
        return True
    if kind == "guarantee":
        return NEGATED.search(text, max(0, found.start() - 16), found.start()) is not None
    if kind == "evasion":
        return bool(limit and limit.start() < found.start() and PIVOT.search(found.group()))
    if kind == "discount":
        named = _content_words(found.group(0))
        return bool(named) and named <= theirs
    if kind == "close" and found.group(0).casefold().rstrip().endswith(" to"):
        following = WORD.match(text.casefold(), found.end()) or WORD.match(text.casefold(), found.end() + 1)
        return following is not None and following.group(0) in theirs
    return False


def _disclaimed(text: str, found: re.Match[str]) -> bool:
    """Whether a push is only quoted to be disclaimed, in the same sentence just before it."""
    start = max(text.rfind(".", 0, found.start()), text.rfind("?", 0, found.start()), found.start() - 80, 0)
    return DISCLAIMED.search(text[start : found.end()]) is not None


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_generic(reply: str) -> bool:
    """A bare "tell me more": listening, but it would fit any customer."""
    return " ".join(WORD.findall(_normal(reply).casefold())) in GENERIC_INVITATIONS


@dataclass(frozen=True)
class Agreement:
    """How the scorer's verdicts compare with a trainer's labels."""

    total: int
    agreed: int
    pushing_labelled: int
    pushing_found: int
    confusion: dict[tuple[str, str], int]  # (label, verdict) -> count

    @property
    def accuracy(self) -> float:
        return self.agreed / self.total if self.total else 0.0

    @property
    def pushing_recall(self) -> float:
        return self.pushing_found / self.pushing_labelled if self.pushing_labelled else 0.0

    def table(self) -> str:
        lines = [
            f"agreement {self.agreed}/{self.total} ({self.accuracy:.1%}), "
            f"pushing recall {self.pushing_found}/{self.pushing_labelled} ({self.pushing_recall:.1%})",
            "label \\ verdict   listening  pushing",
        ]
        for label in (Verdict.LISTENING, Verdict.PUSHING):
            row = [
                self.confusion.get((label.value, verdict.value), 0) for verdict in (Verdict.LISTENING, Verdict.PUSHING)
            ]
            lines.append(f"{label.value:<17} {row[0]:>9}  {row[1]:>7}")
        return "\n".join(lines)


def agreement(labelled: Iterable[tuple[str, str, str]]) -> Agreement:
    """Score (customer says, rep reply, label) rows and compare with their labels."""
    confusion: dict[tuple[str, str], int] = {}
    total = agreed = pushing_labelled = pushing_found = 0
    for customer_says, reply, label in labelled:
        verdict = score_reply(reply, customer_says).verdict.value
        total += 1
        agreed += verdict == label
        pushing_labelled += label == Verdict.PUSHING
        pushing_found += label == Verdict.PUSHING and verdict == Verdict.PUSHING
        confusion[(label, verdict)] = confusion.get((label, verdict), 0) + 1
    return Agreement(total, agreed, pushing_labelled, pushing_found, confusion)


def cue_summary(cues: Sequence[Cue]) -> str:
    """One line for a TSV cell: each cue as `kind: “quote”` (typographic quotes: a TSV cell holds no tab and
    needs no escaping)."""
    return "; ".join(f"{cue.kind}: “{' '.join(cue.quote.split())}”" for cue in cues)
