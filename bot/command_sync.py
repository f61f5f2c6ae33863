"""Sync slash commands only when the tree changed since the last sync.

Discord allows 200 command creations a day, and a restart loop that re-syncs every time burns through it.
The tree's JSON is hashed and the hash stored in the database per application; a restart with the same
tree sends no `PUT .../commands`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from discord import app_commands

from bot.db.engine import Database
from bot.db.state import read_state, write_state

log = logging.getLogger(__name__)


async def tree_payload(tree: app_commands.CommandTree[Any]) -> list[dict[str, Any]]:
    """The exact global command JSON the tree would send on sync, its translations included (a new translation
    changes it, so it is synced)."""
    translator = tree.translator
    if translator is None:
        return [command.to_dict(tree) for command in tree.get_commands()]
    return [await command.get_translated_payload(tree, translator) for command in tree.get_commands()]


async def tree_digest(tree: app_commands.CommandTree[Any]) -> str:
    encoded = json.dumps(await tree_payload(tree), sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


async def sync_if_changed(tree: app_commands.CommandTree[Any], db: Database, application_id: int) -> bool:
    """Sync global commands when their JSON differs from the last synced one; returns whether it synced."""
    key = f"command_tree_sha256:{application_id}"
    digest = await tree_digest(tree)
    if await read_state(db, key) == digest:
        log.info("slash commands unchanged since the last sync; not syncing")
        return False
    synced = await tree.sync()
    await write_state(db, key, digest)
    log.info("synced %d slash commands", len(synced))
    return True
