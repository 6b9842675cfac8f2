"""A cache of itinerary data that validated, so repeated commands on a big file skip the parse.

What is cached is the parser's plain data (dicts, lists, text, numbers) of a file that passed
every check, never a model object: a load from the cache still validates every field (that is
how the model is built) and skips only the cross-field checks, whose verdict depends on this
data, on the code of the rules and on the zone database, all part of the key. A file that
fails validation is never cached, so a cache can never make a bad file look valid.

An entry is keyed on the file's real path, size, modification time and a hash of its bytes,
plus the tool's version, the source of the modules that parse and judge (see `_fingerprint`),
the installed files of the two YAML parsers and the zone database; anything else (an edit, a
touch, other code, an upgraded parser, a corrupt, truncated or foreign cache file) is a miss,
and the file is read and checked in full again. The payload is `marshal` data (the fastest to
load), one part per piece the file was parsed in (see `pieces`), each after its length, and
checked against its own hash before it is read.

Entries live in $XDG_CACHE_HOME/trip-tracker (else ~/.cache/trip-tracker), one per file path,
at most MAX_TOTAL_BYTES in all: writing an entry removes the least recently used ones beyond
that (a hit marks its entry used), and temporary files left by interrupted writes. Failing to
read or write the cache is never an error.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from trip_tracker import __version__, pieces

_MAGIC = b"trip-tracker validated-data cache 3\n"
_DIGEST = 32
#: Bytes that give the length of each part of a payload.
_LENGTH = 8

#: Entries beyond this many bytes in all are removed, least recently used first (an entry
#: for 100,000 events is about 20 MB).
MAX_TOTAL_BYTES = 512 * 2**20
#: A temporary file older than this was left by a write that never finished.
_STALE_SECONDS = 3600
#: Names of the files this module writes; pruning touches nothing else in the directory.
_ENTRY = re.compile(r"[0-9a-f]{64}\.bin")
_TEMPORARY = re.compile(r"entry-[A-Za-z0-9_]+\.tmp")


def directory() -> Path:
    """Where entries live: $XDG_CACHE_HOME/trip-tracker, else ~/.cache/trip-tracker. A
    relative $XDG_CACHE_HOME is ignored, as the XDG spec asks: it would put a cache in
    whatever folder a command runs from."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "trip-tracker"


def _hash(*parts: bytes | bytearray | memoryview) -> bytes:
    # SHA-256 rather than BLAKE2: OpenSSL's runs on the CPU's SHA instructions where there
    # are some, ~2.5x faster here on a 41 MB file (0.03 s against 0.08 s).
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.digest()


#: The modules whose behaviour an entry records: how text becomes data, and the rules that
#: data passed (a cached load skips the cross-field ones), including the loader, which
#: decides whether the rules ran as the events were built.
_JUDGES = (
    "fastparse.py",
    "pieces.py",
    "yamlparse.py",
    "loader.py",
    "model.py",
    "crosschecks.py",
    "vocabulary.py",
    "zones.py",
)


@functools.cache
def _fingerprint() -> bytes:
    """What a cached verdict depends on besides the file: this code and the zone database.

    The version alone is not enough: it does not change with every edit of the rules, and a
    checkout of other code must not trust verdicts it did not reach itself.
    """
    here = Path(__file__).parent
    parts = [__version__.encode()]
    for name in _JUDGES:
        try:
            parts.append((here / name).read_bytes())
        except OSError:  # pragma: no cover - no sources beside the package: version only
            parts.append(b"?")
    parts.append(_zone_database().encode("utf-8", "surrogateescape"))
    parts += [_installed(package).encode("utf-8", "surrogateescape") for package in _PARSERS]
    return _hash(*parts)


#: The parsers whose reading of a file an entry holds (its data came from one of them).
_PARSERS = ("yaml_rs", "yaml")


def _installed(package: str) -> str:
    """The installed files of `package`, with sizes and times: any upgrade changes this.

    Found without importing it (a cached load needs neither parser); listing one folder
    costs well under a millisecond.
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):  # pragma: no cover - a broken install
        spec = None
    folders = (spec.submodule_search_locations or []) if spec is not None else []
    files = []
    for folder in folders:
        try:
            listing = list(os.scandir(folder))
        except OSError:  # pragma: no cover - unreadable: the name alone
            continue
        for item in listing:
            with contextlib.suppress(OSError):
                if item.is_file():
                    info = item.stat()
                    files.append(f"{item.name}\0{info.st_size}\0{info.st_mtime_ns}")
    return f"{package}\0" + "\0".join(sorted(files))


def _zone_database() -> str:
    """Which zone database zoneinfo reads (an event's local day, hence whether it falls
    inside its stop, depends on it): the system's, first on TZPATH, else the tzdata package."""
    import zoneinfo

    for place in zoneinfo.TZPATH:
        for probe in (os.path.join(place, "tzdata.zi"), place):
            try:
                info = os.stat(probe)
            except OSError:
                continue
            return f"{probe}\0{info.st_size}\0{info.st_mtime_ns}"
    try:
        import tzdata  # type: ignore[import-untyped]

        return f"tzdata {tzdata.IANA_VERSION}"
    except ImportError:  # pragma: no cover - a dependency
        return "none"


class Entry:
    """The cache entry for one file, as it was read (`content`, its bytes)."""

    def __init__(self, path: str, content: bytes) -> None:
        real = os.path.realpath(path)
        info = os.stat(real)
        self.file = directory() / (_hash(real.encode("utf-8", "surrogateescape")).hex() + ".bin")
        self.key = _hash(
            _fingerprint(),
            f"{real}\0{info.st_size}\0{info.st_mtime_ns}\0".encode("utf-8", "surrogateescape"),
            content,
        )

    def find(self) -> memoryview | None:
        """The payload of a sound entry for these exact bytes, checked against its hash but
        not yet unpacked (see `unpack`); None without one. It is then used: the last to go
        when the cache is pruned."""
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
        with contextlib.suppress(OSError):
            os.utime(self.file)
        return payload

    @staticmethod
    def unpack(payload: memoryview) -> Any | None:
        """The data of a payload `find` gave: the file's, which validated before. Millions of
        objects for a big file: the caller pauses the garbage collector."""
        try:
            return pieces.join([marshal.loads(frame) for frame in _frames(payload)])
        except (ValueError, EOFError, TypeError):  # pragma: no cover - the hash matched
            return None

    @staticmethod
    def pack(data: Any) -> bytes | None:
        """`data` (a piece of the file's data, see `pieces`) as part of an entry's payload
        (None if it cannot be); `save` the parts once the whole validates.

        Packed before validation, while nothing else refers to the data's strings: marshal
        then has far fewer shared objects to track (less memory at 100,000 events), and the
        interned keys (see `_share_text`) speed the validation that follows. `data` is
        changed in place: its text keys interned, its equal text values made one.
        """
        _share_text(data)
        try:
            return marshal.dumps(data)
        except ValueError:  # nested deeper than marshal goes (only under `computed`)
            return None

    def save(self, parts: Sequence[bytes | bytearray | None]) -> None:
        """Store the `pack`ed parts atomically; skipped when one is missing or it cannot be."""
        framed = []  # each part after its length, written in turn: no copy of the whole
        for part in parts:
            if part is None:
                return
            framed += [len(part).to_bytes(_LENGTH, "little"), part]
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(
                dir=self.file.parent, prefix="entry-", suffix=".tmp"
            )
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(_MAGIC + self.key + _hash(*framed))
                    stream.writelines(framed)
                os.replace(temporary, self.file)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            return
        prune(keep=self.file)


def _frames(payload: memoryview) -> Iterator[memoryview]:
    """The parts of a payload, each stored after its length."""
    position = 0
    while position < len(payload):
        length = int.from_bytes(payload[position : position + _LENGTH], "little")
        position += _LENGTH
        if position + length > len(payload):
            raise ValueError("a part runs past the end")  # pragma: no cover - the hash matched
        yield payload[position : position + length]
        position += length


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
            if item.is_symlink():
                continue
            info = item.stat(follow_symlinks=False)
        except OSError:
            continue
        if _TEMPORARY.fullmatch(item.name) and info.st_mtime < stale_before:
            _remove(item.path)
        elif _ENTRY.fullmatch(item.name) and item.path != str(keep):
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


def _share_text(data: Any) -> None:
    """Intern every text key of the mappings in `data`, and make equal text values one
    string, in place.

    marshal stores a string met again as a reference to the first, and loads it as that
    one object: each distinct key is stored once and loaded as one interned string (whose
    hash is known when pydantic looks fields up), and so is each repeated value (a stop's
    id in every event of the stop, a participant's, a quote cited by many items). At
    100,000 events the entry is 20 MB instead of 34, and it loads in ~0.2 s instead of
    ~0.3, to models that share those strings (~100 MB less). In place, because a copy of
    the data would add ~300 MB; popping and re-inserting every key keeps their order. A
    loop with its own stack, not recursion: a valid file may nest deeply under
    `computed`. Keys that are not text (the model refuses them) are left as they are.
    Costs one walk (~0.1 s per 10,000 events) when an entry is written.
    """
    same: dict[str, str] = {}
    pending = [data]
    while pending:
        node = pending.pop()
        if type(node) is dict:
            for key in list(node):
                value = node.pop(key)
                if type(value) is str:
                    value = same.setdefault(value, value)
                elif type(value) is dict or type(value) is list:
                    pending.append(value)
                node[sys.intern(key) if type(key) is str else key] = value
        elif type(node) is list:
            for index, item in enumerate(node):
                if type(item) is str:
                    node[index] = same.setdefault(item, item)
                elif type(item) is dict or type(item) is list:
                    pending.append(item)
