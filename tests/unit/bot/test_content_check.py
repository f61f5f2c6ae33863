"""`rapport run` checks the quiz content in a forked child and keeps none of it (bot.content_check)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.coach.content import ContentError, load_library
from bot.content_check import ContentCheck
from tests.packs import broken_copy


async def test_the_shipped_content_passes_in_a_child_that_is_then_gone():
    check = ContentCheck.start()
    child = check._child
    assert child is not None and child != os.getpid()
    assert await check.problems() == []
    with pytest.raises(ChildProcessError):  # reaped: no zombie left behind
        os.waitpid(child, os.WNOHANG)  # noqa: ASYNC222 - WNOHANG never blocks


async def test_a_broken_pack_is_reported_as_the_content_check_reports_it(tmp_path: Path):
    directory = broken_copy(tmp_path)
    with pytest.raises(ContentError) as here:
        load_library(directory)
    problems = await ContentCheck.start(directory).problems()
    assert problems == here.value.problems
    assert any("listenin" in problem for problem in problems)


async def test_without_fork_the_check_runs_in_the_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delattr(os, "fork")
    check = ContentCheck.start(broken_copy(tmp_path))
    assert check._child is None
    assert any("listenin" in problem for problem in await check.problems())


async def test_a_child_that_dies_before_its_verdict_is_checked_again_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    directory, parent = broken_copy(tmp_path), os.getpid()

    def killed_in_the_child(directory: Path | None) -> list[str]:
        assert os.getpid() != parent  # only the child checks
        os._exit(9)  # as if killed before a word of its verdict

    monkeypatch.setattr("bot.content_check._problems_here", killed_in_the_child)
    check = ContentCheck.start(directory)
    monkeypatch.undo()  # the parent's own check is the real one
    assert any("listenin" in problem for problem in await check.problems())
