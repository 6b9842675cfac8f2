"""A UTF-8 text stream over a file descriptor that writes every byte, or raises.

Python's buffered writer, handed one write bigger than its buffer, passes it to the system
at once; when the system writes part of it and then fails (a reader that closed the pipe
midway, a disk that fills), Python 3.11 returns the count written, the text stream drops
the rest, and nothing is raised: `trip export | head -1` ended with 0, and a big export
to a disk about to fill would have been renamed into place cut short. Here each write
that the system takes only in part is followed by one for the rest, which then fails
with the system's error (EPIPE, ENOSPC), so the command fails as it must.
"""

from __future__ import annotations

import io
import os
from typing import IO, cast

#: Characters gathered before they are encoded and written: few system calls for a table
#: written a cell at a time, and little memory.
_GATHER = 1 << 16


def whole_writer(fd: int) -> IO[str]:
    """A `WholeWriter` on `fd`, typed as the text stream it is."""
    return cast(IO[str], WholeWriter(fd))


class WholeWriter(io.TextIOBase):
    """Text written as UTF-8 (no newline translation) to the open descriptor `fd`, which
    it neither owns nor closes; `flush` writes what is gathered, and nothing else does."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd
        self._gathered: list[str] = []
        self._size = 0

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    encoding = "utf-8"

    def write(self, text: str) -> int:
        self._gathered.append(text)
        self._size += len(text)
        if self._size >= _GATHER:
            self.flush()
        return len(text)

    def close(self) -> None:
        """Closed without writing what is gathered: callers flush what they mean to keep.
        Closing comes when the stream is collected too, which after an error may be when
        its descriptor's number is another file's."""
        self._gathered, self._size = [], 0
        super().close()

    def flush(self) -> None:
        if not self._gathered:
            return
        data = "".join(self._gathered).encode("utf-8")
        self._gathered, self._size = [], 0
        write_all(self._fd, data)


def write_all(fd: int, data: bytes) -> None:
    """Write all of `data` to `fd`; OSError when the system cannot (after a part, too)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
