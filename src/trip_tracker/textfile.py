"""Read an input file as UTF-8 text, refusing anything that is not a small regular text file.

Files arrive by email and chat: this is where directories, devices, FIFOs, symlink loops,
oversized, binary and wrongly encoded files are turned into one clear message each, before
any parser sees them. A pipe is read, where the caller allows it (see `read_bytes`).
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import sys
from typing import BinaryIO

from trip_tracker.errors import DataError, Problem

#: Larger inputs are refused outright so memory stays bounded (100,000 events is about 40 MB).
MAX_BYTES = 128 * 1024 * 1024
#: What standard input, and a file beyond the size it reported, are read by at a time.
_SLICE = 1 << 20

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def read_text(path: str) -> str:
    """The file's text (`-` reads standard input); DataError with a reason otherwise."""
    return decode(read_bytes(path), "<stdin>" if path == "-" else path)


def read_bytes(path: str, *, pipes: bool = False) -> bytes:
    """The file's bytes, not yet decoded (`-` reads standard input); DataError if unreadable.

    With `pipes`, a pipe is read to its end as standard input is: `trip diff <(git show
    A:f) <(git show B:f)` gives two (/dev/fd/63, a FIFO). A named FIFO no program writes to
    yet is refused at once rather than waited on. Without it (a command that writes the
    file back), a FIFO is refused. Devices and sockets are always refused (/dev/zero never ends).
    """
    if path == "-":
        return _read_stdin()
    return _read_file(path, pipes=pipes)


def is_regular(path: str) -> bool:
    """Whether `path` is a regular file (one worth keeping a cache entry for)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _fail(name: str, message: str) -> DataError:
    return DataError([Problem(name, message)])


def _read_stdin() -> bytes:
    if sys.stdin is None:  # started with standard input closed (`trip -f - stops <&-`)
        raise _fail("<stdin>", "standard input is closed: give a file, or pipe one in")
    try:
        data = _read_slices(sys.stdin.buffer, b"")
    except OSError as error:  # a descriptor open for writing only, say
        raise _fail("<stdin>", f"cannot be read: {error.strerror or error}") from None
    if data is None:
        raise _fail("<stdin>", f"input is larger than the limit of {MAX_BYTES // 2**20} MB")
    return data


def _read_slices(stream: BinaryIO, start: bytes) -> bytes | None:
    """`start` and the rest of `stream`, read in slices; None past MAX_BYTES (refused before
    joining: no second copy). read(MAX_BYTES + 1) would set aside 128 MB for any input,
    which fails under a memory limit (ulimit -v) however small the input."""
    chunks, size = [start], len(start)
    while size <= MAX_BYTES:
        chunk = stream.read(_SLICE)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    return None


def _read_file(path: str, *, pipes: bool = False) -> bytes:
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise _fail(path, "is a directory, not an itinerary file")
        if pipes and stat.S_ISFIFO(info.st_mode):
            data = _read_pipe(path)
        elif not stat.S_ISREG(info.st_mode):
            raise _fail(path, "is not a regular file (a device, FIFO or socket); give a file")
        elif info.st_size > MAX_BYTES:
            raise _fail(
                path,
                f"is {info.st_size / 2**20:.0f} MB, over the limit of {MAX_BYTES // 2**20} MB",
            )
        else:
            with open(path, "rb") as stream:
                # The size it had, and a byte more to see whether it grew (or is a file that
                # reports no size, as in /proc): then the rest, in slices.
                head = stream.read(info.st_size + 1)
                data = _read_slices(stream, head) if len(head) > info.st_size else head
    except FileNotFoundError:
        raise _fail(path, "no such file") from None
    except PermissionError:
        raise _fail(path, "permission denied: the file cannot be read") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _fail(path, "symbolic link loop: the path never reaches a file") from None
        raise _fail(path, f"cannot be read: {error.strerror or error}") from None
    if data is None:
        raise _fail(path, f"is over the limit of {MAX_BYTES // 2**20} MB")
    return data


def _read_pipe(path: str) -> bytes | None:
    """A pipe's bytes to its end (None past MAX_BYTES), read as any pipe is, waiting for
    what its writer sends. Opened without waiting for a writer: a FIFO that no program has
    open for writing is refused at once (DataError) rather than waited on."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb", buffering=0) as stream:
        try:
            first = os.read(descriptor, _SLICE)
        except BlockingIOError:  # a writer, with nothing sent yet
            first = None
        if first == b"":  # the end at once: nobody has it open for writing
            raise _fail(
                path,
                "is a FIFO that no program is writing to; start the writer first, or pipe "
                "the file in with -f -",
            )
        os.set_blocking(descriptor, True)
        return _read_slices(stream, first or b"")


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a UTF-8 byte-order mark is dropped); DataError naming the first bad byte."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise _fail(name, f"is {encoding} encoded (it has a byte-order mark); save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _position(data, nul)
        raise DataError(
            [Problem(name, "contains binary data (a NUL byte); not a text file", line, column)]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(data, error.start)
        raise DataError(
            [
                Problem(
                    name,
                    f"is not valid UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8",
                    line,
                    column,
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column
