"""One C heap for every thread of `rapport run` (README, Performance: B5).

glibc's malloc gives each thread that allocates its own arena (up to eight per core), and an arena keeps the
pages it touched. Rapport's threads are SQLite's readers (aiosqlite runs each connection on a thread of its
own): each one's arena held 0.15 to 0.2 MB for a few hundred bytes of live data, measured with four readers
(`MALLOC_ARENA_MAX=1`: 0.02 MB each). Python's own objects come from its allocator, not from these arenas, and
the readers spend their time inside SQLite, so sharing one arena costs no measurable time (B1).

Set before any thread starts; elsewhere than glibc (musl, macOS, Windows) nothing happens.
"""

from __future__ import annotations

import ctypes
import os

M_ARENA_MAX = -8  # glibc's <malloc.h>
ARENAS = 1


def share_one_arena() -> bool:
    """Ask glibc for a single malloc arena; whether it agreed (False: not glibc, or it refused)."""
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc"):  # type: ignore[union-attr]
            return False
        mallopt = ctypes.CDLL(None).mallopt  # the running process's own C library
    except (ValueError, OSError, AttributeError):  # no such confstr name (not glibc), or no mallopt
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, ARENAS))
