"""The listening scorer's learned weights: trained from the dev set with the standard library, shipped as they
come out of training, and heard only with a cue that quotes the rep's own words."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from bot.coach import listening_model
from bot.coach.listening import OVERRULE_MARGIN, Verdict, score_reply
from bot.coach.listening_model import DEV_SET, WEIGHTS, dump, features, read_rows, train, weigh


def test_the_shipped_weights_are_what_training_on_the_dev_set_gives():
    assert WEIGHTS.read_text(encoding="utf-8") == dump(train(read_rows(DEV_SET)))


def test_the_training_command_writes_the_same_weights(tmp_path: Path):
    out = tmp_path / "weights.json"
    done = subprocess.run(
        [sys.executable, "-m", "bot.coach.listening_model", "train", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == WEIGHTS.read_text(encoding="utf-8")


def test_features_are_words_and_pairs_within_a_sentence_with_their_spans():
    reply = "Sounds like price\u2019s the issue. What else?"
    found = features(reply)
    assert ("w:price's", 12, 19) in found
    assert ("b:sounds like", 0, 11) in found
    assert ("b:what else", 31, 40) in found
    assert not any(name == "b:issue what" for name, _, _ in found)  # no pair across a sentence end


def test_weights_are_read_once_on_first_use():
    listening_model.load.cache_clear()
    weigh("What matters most to you?")
    weigh("Let's get you signed up today.")
    assert listening_model.load.cache_info().misses == 1


def test_an_overruled_verdict_quotes_the_words_that_weigh_toward_it():
    overruled = 0
    with DEV_SET.open(encoding="utf-8", newline="") as source:
        for row in csv.DictReader(source, delimiter="\t", quoting=csv.QUOTE_NONE):
            reply = row["rep_reply"]
            scored = score_reply(reply, row["customer_says"])
            for cue in scored.cues:
                if cue.kind in {"pushing words", "listening words"}:
                    overruled += 1
                    assert cue.pushing == (scored.verdict is Verdict.PUSHING)
                    assert cue.quote and cue.quote in reply
                    assert cue in scored.reasons
                    assert abs(weigh(reply)[0]) > OVERRULE_MARGIN
    assert overruled  # the weights do overrule some of the rules' verdicts on the dev set
