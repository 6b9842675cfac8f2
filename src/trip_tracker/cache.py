"""A cache of itinerary data that validated, so repeated commands on a big file skip the parse.

What is cached is the parser's plain data (dicts, lists, text, numbers) of a file that passed
every check, never a model object: a load from the cache still validates every field (that is
how the model is built) and skips only the cross-field checks, which are a pure function of
this data and of the tool's version, both part of the key. A file that fails validation is
never cached, so a cache can never make a bad file look valid.

An entry is keyed on the file's real path, size, modification time and a hash of its bytes,
plus the tool's version; anything else (an edit, a touch, a corrupt, truncated or foreign cache
file) is a miss, and the file is read and checked in full again. The payload is `marshal` data
(the fastest to load), checked against its own hash before it is read.

Entries live in $XDG_CACHE_HOME/trip-tracker (else ~/.cache/trip-tracker), one per file path,
at most MAX_TOTAL_BYTES in all: writing an entry removes the least recently used ones beyond
that (a hit marks its entry used), and temporary files left by interrupted writes. Failing to
read or write the cache is never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from trip_tracker import __version__

_MAGIC = b"trip-tracker validated-data cache 2\n"
_DIGEST = 32

#: Entries beyond this many bytes in all are removed, least recently used first (an entry
#: for 100,000 events is about 34 MB).
MAX_TOTAL_BYTES = 512 * 2**20
#: A temporary file older than this was left by a write that never finished.
_STALE_SECONDS = 3600


def directory() -> Path:
    """Where entries live: $XDG_CACHE_HOME/trip-tracker, else ~/.cache/trip-tracker."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "trip-tracker"


def _hash(*parts: bytes | memoryview) -> bytes:
    # SHA-256 rather than BLAKE2: OpenSSL's runs on the CPU's SHA instructions where there
    # are some, ~2.5x faster here on a 41 MB file (0.03 s against 0.08 s).
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.digest()


class Entry:
    """The cache entry for one file, as it was read (`content`, its bytes)."""

    def __init__(self, path: str, content: bytes) -> None:
        real = os.path.realpath(path)
        info = os.stat(real)
        self.file = directory() / (_hash(real.encode("utf-8", "surrogateescape")).hex() + ".bin")
        self.key = _hash(
            f"{__version__}\0{real}\0{info.st_size}\0{info.st_mtime_ns}\0".encode(
                "utf-8", "surrogateescape"
            ),
            content,
        )

    def load(self) -> Any | None:
        """The data of these exact bytes, which validated before; None without a sound entry."""
        try:
            blob = self.file.read_bytes()
        except OSError:
            return None
        header = len(_MAGIC)
        if blob[:header] != _MAGIC or blob[header : header + _DIGEST] != self.key:
            return None
        payload = memoryview(blob)[header + 2 * _DIGEST :]  # not a 30 MB copy
        if _hash(payload) != blob[header + _DIGEST : header + 2 * _DIGEST]:
            return None
        try:
            data = marshal.loads(payload)
        except (ValueError, EOFError, TypeError):  # pragma: no cover - the hash matched
            return None
        with contextlib.suppress(OSError):
            os.utime(self.file)  # used now: the last to go when the cache is pruned
        return data

    @staticmethod
    def pack(data: Any) -> bytes | None:
        """`data` as an entry's payload (None if it cannot be); `save` it once it validates.

        Packed before validation, while nothing else refers to the data's strings: marshal
        then has far fewer shared objects to track (less memory at 100,000 events), and the
        interned keys (see `_share_keys`) speed the validation that follows. `data` is
        changed in place, its keys interned.
        """
        try:
            _share_keys(data)
            return marshal.dumps(data)
        except ValueError:  # pragma: no cover - parsers give only plain data
            return None

    def save(self, payload: bytes) -> None:
        """Store a `pack`ed payload atomically; silently skipped when it cannot be."""
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.file.parent, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(_MAGIC + self.key + _hash(payload))
                    stream.write(payload)
                os.replace(temporary, self.file)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            return
        prune(keep=self.file)


def prune(keep: Path, limit: int | None = None) -> None:
    """Remove the least recently used entries until the rest fit in `limit` bytes (default
    MAX_TOTAL_BYTES), never `keep`; and temporary files of writes that never finished."""
    limit = MAX_TOTAL_BYTES if limit is None else limit
    entries = []
    stale_before = time.time() - _STALE_SECONDS
    try:
        listing = list(os.scandir(keep.parent))
    except OSError:
        return
    for item in listing:
        try:
            info = item.stat(follow_symlinks=False)
        except OSError:
            continue
        if item.name.endswith(".tmp") and info.st_mtime < stale_before:
            _remove(item.path)
        elif item.name.endswith(".bin") and item.path != str(keep):
            entries.append((info.st_mtime, info.st_size, item.path))
    total = sum(size for _, size, _ in entries) + _size(keep)
    for _, size, path in sorted(entries):  # oldest use first
        if total <= limit:
            break
        _remove(path)
        total -= size


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _share_keys(data: Any) -> None:
    """Intern every mapping key of `data`, in place (keys are text: both parsers refuse others).

    marshal then stores each distinct key once and loads it as one shared, interned string,
    whose hash is already known when pydantic looks fields up: loading and validating 100,000
    events takes ~25% less time. In place, because a copy of the data would add ~300 MB at
    100,000 events; popping and re-inserting every key keeps their order. Costs one walk
    (~0.08 s per 10,000 events) when an entry is written.
    """
    if type(data) is dict:
        for key in list(data):
            value = data.pop(key)
            if type(value) is dict or type(value) is list:
                _share_keys(value)
            data[sys.intern(key)] = value
    elif type(data) is list:
        for item in data:
            if type(item) is dict or type(item) is list:
                _share_keys(item)
