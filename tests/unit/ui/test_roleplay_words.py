"""Every word the scorer can show a member has a marked name, so it reads in their language."""

from bot.coach.listening import LESSONS
from bot.i18n import using
from bot.ui.roleplay_words import LISTENING_CUES, PUSH_KINDS, named


def test_every_cue_the_scorer_gives_has_a_name_on_its_side():
    from bot.coach.listening import score_reply

    assert set(LESSONS) <= set(PUSH_KINDS) | set(LISTENING_CUES)
    assert not set(PUSH_KINDS) & set(LISTENING_CUES)
    for reply in ("I can take 10% off if you sign today.", "What changed since last year?", "Go on."):
        for cue in score_reply(reply).cues:
            assert cue.kind in (PUSH_KINDS if cue.pushing else LISTENING_CUES)


def test_cue_names_read_in_spanish():
    with using("es-ES"):
        assert named(PUSH_KINDS, "pushing words") != "pushing words"
        assert named(LISTENING_CUES, "honest limit") != "honest limit"
