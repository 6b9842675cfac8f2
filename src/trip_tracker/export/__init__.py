"""Exports: one module per format, each with `write(trip, stream, now)`; WRITERS maps names.

Writers are imported only when used (icalendar is loaded only for `ics`). A writer that must
leave something out also has `omitted(trip) -> list[str]`, messages for stderr.
`write_atomically` puts output into place with a rename, so a failed export never leaves a
half-written or clobbered file.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import stat
import tempfile
from collections.abc import Callable
from datetime import datetime as DateTime
from typing import IO, TYPE_CHECKING

from trip_tracker.errors import OutputError
from trip_tracker.wholewrite import whole_writer

if TYPE_CHECKING:  # pydantic is imported when the command runs, not for --help
    from trip_tracker.model import Itinerary

Writer = Callable[["Itinerary", IO[str], DateTime], None]

#: format name -> module under trip_tracker.export
WRITERS = {"md": "markdown", "json": "jsonfile", "csv": "csvfile", "ics": "ics", "html": "html"}


def writer(name: str) -> Writer:
    module = importlib.import_module(f"trip_tracker.export.{WRITERS[name]}")
    write: Writer = module.write
    return write


def omitted(name: str, trip: Itinerary) -> list[str]:
    """What the `name` export leaves out of `trip`, in words; empty when it holds everything."""
    module = importlib.import_module(f"trip_tracker.export.{WRITERS[name]}")
    messages: list[str] = module.omitted(trip) if hasattr(module, "omitted") else []
    return messages


_SEPARATORS = tuple(sep for sep in (os.sep, os.altsep) if sep)


def write_atomically(path: str, render: Callable[[IO[str]], None]) -> None:
    """Render into a temporary file beside `path`, then rename it over `path`.

    A symbolic link is written through: the file it points to is replaced and the link
    stays. On any failure the old file is untouched and the temporary file is removed.
    Refuses a directory. A device or a pipe (/dev/stdout, /dev/null, a FIFO) cannot be
    replaced: it is written to as it is, as stdout is.
    """
    try:
        info = os.stat(path)  # through links, as opening it would (/dev/stdout on a pipe)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path}: is a directory; give a file name to write to")
    if info is None and path.endswith(_SEPARATORS):  # `-o newdir/` names a folder, not a file
        raise OutputError(f"{path}: no such directory")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_through(path, render)
        return
    real = os.path.realpath(path)
    folder = os.path.dirname(real)
    try:
        handle, temporary = tempfile.mkstemp(prefix=".trip-", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(f"{path}: cannot write in {folder}: {error.strerror or error}") from None
    try:
        _render_into(handle, render, sync=True)
        if info is not None:
            _keep_owner(temporary, info)
            os.chmod(temporary, stat.S_IMODE(info.st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, real)
        if info is not None and info.st_nlink > 1:
            from trip_tracker.output import note

            others = info.st_nlink - 1
            note(
                f"{path} had {others} other hard link{'s' if others > 1 else ''}: "
                f"{'they keep' if others > 1 else 'it keeps'} the old text (the file was "
                "replaced, so that a failure could not leave it half written)"
            )
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
        raise


def _keep_owner(temporary: str, info: os.stat_result) -> None:
    """Give the new file the old one's owner and group, as far as we may: run by root (or
    by a member of the group), an edit must not leave the file root's."""
    if (info.st_uid, info.st_gid) == (os.geteuid(), os.getegid()):
        return
    with contextlib.suppress(PermissionError):
        os.chown(temporary, info.st_uid, info.st_gid)
        return
    with contextlib.suppress(PermissionError):  # not root: the group alone, if ours
        os.chown(temporary, -1, info.st_gid)


def _render_into(handle: int, render: Callable[[IO[str]], None], *, sync: bool = False) -> None:
    """`render` into the open descriptor `handle` (closed after), every byte or an error
    (see `wholewrite`); with `sync`, on the disk before this returns."""
    try:
        stream = whole_writer(handle)
        render(stream)
        stream.flush()
        if sync:
            os.fsync(handle)
    finally:
        os.close(handle)


def _write_through(path: str, render: Callable[[IO[str]], None]) -> None:
    """Write to a device or pipe as it is (nothing to put in place)."""
    try:
        _render_into(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666), render)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
