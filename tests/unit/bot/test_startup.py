"""`OneLineReconnects`: discord.py's failed gateway connections, each one line without its stack."""

from __future__ import annotations

import logging
import sys

import pytest

from bot.startup import OneLineReconnects


def failed(message: str, *args: object) -> logging.LogRecord:
    try:
        raise ConnectionError("503, message='Invalid response status', url='ws://gw/?v=10%20x'")
    except ConnectionError:
        info = sys.exc_info()
    return logging.LogRecord("discord.shard", logging.ERROR, __file__, 1, message, args, info)


@pytest.mark.parametrize(
    ("record", "line"),
    [
        (
            failed("Failed to connect for shard_id: %s. Retrying...", 3),
            "gateway unreachable for shard 3 (ConnectionError: 503, message='Invalid response status', "
            "url='ws://gw/?v=10%20x'); retrying in 5 s",
        ),
        (
            failed("Attempting a reconnect for shard ID %s in %.2fs", 1, 2.5),
            "gateway unreachable for shard 1 (ConnectionError: 503, message='Invalid response status', "
            "url='ws://gw/?v=10%20x'); reconnecting in 2.50s",
        ),
        (
            failed("Attempting a reconnect in %.2fs", 0.75),
            "gateway unreachable (ConnectionError: 503, message='Invalid response status', "
            "url='ws://gw/?v=10%20x'); reconnecting in 0.75s",
        ),
    ],
)
def test_a_failed_gateway_connection_is_one_warning_line(record: logging.LogRecord, line: str):
    assert OneLineReconnects().filter(record)
    assert record.getMessage() == line
    assert record.levelname == "WARNING"
    assert logging.Formatter("%(message)s").format(record) == line  # no traceback follows


def test_other_records_pass_unchanged():
    record = failed("Something else went wrong for shard %s", 2)
    assert OneLineReconnects().filter(record)
    assert record.getMessage() == "Something else went wrong for shard 2"
    assert record.exc_info is not None
