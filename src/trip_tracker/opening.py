"""The first steps of loading a file, which need neither pydantic nor the model: read it,
look it up in the cache, and on a miss set the fast parser to work.

Importing pydantic and the model takes ~0.17 s. A command takes these steps first and
imports the loader after them (see `cli_options.Session.trip`): a big file's parser (a
child process, see `fastparse.ForkedReading`) then reads its first pieces while that
import runs, instead of after it. `loader.load_opened` does the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from trip_tracker import fastparse, textfile

if TYPE_CHECKING:
    from trip_tracker import cache


@dataclass(frozen=True)
class Opened:
    """A file read, and its loading begun."""

    content: bytes
    path: str  # as given: `-` is standard input
    #: Where the data of a file that validates is kept; None without the cache.
    entry: cache.Entry | None
    #: On a hit, the entry's payload, checked but not yet unpacked (see `cache.Entry.find`).
    payload: memoryview | None
    #: Otherwise the fast parser at work; None when it declined the text from the start.
    reading: fastparse.Reading | None

    @property
    def name(self) -> str:
        """The file as messages name it."""
        return "<stdin>" if self.path == "-" else self.path


def open_path(path: str, *, use_cache: bool = True) -> Opened:
    """Read the file at `path` (`-` for standard input) and begin loading it; DataError when
    it cannot be read (see `textfile`)."""
    content = textfile.read_bytes(path, pipes=True)  # read only: a pipe will do
    return open_bytes(content, path, use_cache=use_cache)


def open_bytes(content: bytes, path: str, *, use_cache: bool = True) -> Opened:
    """Begin loading the bytes already read from `path`."""
    entry = None
    payload = None
    if use_cache and path != "-" and textfile.is_regular(path):  # not a pipe, say
        from trip_tracker import cache

        try:
            entry = cache.Entry(path, content)
        except OSError:  # the file went away after it was read: just do without
            pass
        else:
            payload = entry.find()
    reading = None
    if payload is None:
        # The fast path reads the bytes (see fastparse.parse); the strict path, for files
        # it declines or that fail, decodes them itself and says what is wrong, and where.
        reading = fastparse.start(content, entry.pack if entry is not None else None)
    return Opened(content, path, entry, payload, reading)
