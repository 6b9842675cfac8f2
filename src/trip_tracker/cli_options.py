"""Options shared by several commands, and the session that carries them to the loader."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from datetime import datetime as DateTime
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

if TYPE_CHECKING:
    from trip_tracker.loader import EventSelector
    from trip_tracker.model import Itinerary
    from trip_tracker.opening import Opened

F = TypeVar("F", bound=Callable[..., Any])


def utc_now() -> DateTime:
    """Now, to the second: the moment is printed (JSON's `as_of`), and microseconds there
    are noise ("2026-11-27T00:25:34.952123+00:00")."""
    return DateTime.now(UTC).replace(microsecond=0)


@dataclass
class Session:
    """Which itinerary the command works on (loaded once, on first use) and the clock.

    The clock is injected so that tests pin "now"; commands never read the time themselves.
    """

    file: str | None = None
    #: `file` came from -f (not $TRIP_FILE, a default that a command's own FILE overrides).
    file_on_command_line: bool = False
    use_cache: bool = True
    clock: Callable[[], DateTime] = utc_now
    _trip: Itinerary | None = field(default=None, repr=False)
    _opened: Opened | None = field(default=None, repr=False)

    def trip(self, select: EventSelector | None = None) -> Itinerary:
        """The itinerary, loaded on first use. With `select`, for a command that looks at no
        event but those `select` keeps, it may hold only those (see `loader.load_path`);
        such a partial itinerary is not kept for later calls."""
        if self._trip is not None:
            return self._trip
        self.open()
        opened, self._opened = self._opened, None
        from trip_tracker import loader

        if opened is None:
            self._trip = loader.load_shipped()
        elif select is not None:
            return loader.load_opened(opened, select)
        else:
            self._trip = loader.load_opened(opened)
        return self._trip

    def open(self) -> None:
        """Begin loading the file, if there is one (see `opening`): before the loader, with
        pydantic and the model, is imported (~0.17 s), so that a big file's parse runs
        meanwhile. Commands call it before they import what their answer needs (see
        `begins_reading`); `trip()` does in any case."""
        if self._trip is None and self._opened is None and self.file is not None:
            from trip_tracker import opening

            self._opened = opening.open_path(self.file, use_cache=self.use_cache)

    @property
    def display_name(self) -> str:
        from trip_tracker.loader import shipped_display_name

        if self.file == "-":
            return "<stdin>"  # as the loader's error messages name it
        return self.file if self.file is not None else shipped_display_name()


def session() -> Session:
    return click.get_current_context().ensure_object(Session)


def session_with_file(path: str | None) -> Session:
    """The session, on `path` (a command's FILE argument) when it is given. -f on the
    command line naming another file is a usage error (`trip -f A validate B` checked B
    alone, and said nothing of A); $TRIP_FILE is only a default, which FILE overrides."""
    import os

    state = session()
    if path is None:
        return state
    if (
        state.file is not None
        and state.file_on_command_line
        and os.path.realpath(state.file) != os.path.realpath(path)
    ):
        from trip_tracker.errors import UsageError

        raise UsageError(f"two files given, -f {state.file} and {path}: give one")
    state.file = path
    return state


def _set_file(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        state = ctx.ensure_object(Session)
        source = ctx.get_parameter_source(param.name or "file")
        on_command_line = source is click.core.ParameterSource.COMMANDLINE
        if state.file_on_command_line and not on_command_line:
            return  # `trip -f A stops`: the command's own option, unset, reads $TRIP_FILE
        state.file = value
        state.file_on_command_line = on_command_line


def _set_no_cache(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(Session).use_cache = False


def words_needed(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A filter's text, refused when blank: `--topic ''` matched every meeting, where a
    user who left a shell variable empty meant some words (as `--with ''` is refused)."""
    if value is not None and not value.strip():
        from trip_tracker.errors import UsageError

        raise UsageError(f"{param.opts[0]}: some words are needed (an empty one matches all)")
    return value


def begins_reading(function: F) -> F:
    """For a command that loads the itinerary of -f/$TRIP_FILE: the file is read, and its
    parse begun, before the command imports what its answer needs (see `Session.open`)."""

    @functools.wraps(function)
    def opened_first(*args: Any, **kwargs: Any) -> Any:
        session().open()
        return function(*args, **kwargs)

    return cast(F, opened_first)


def file_option(function: F) -> F:
    """`-f/--file PATH`, also read from $TRIP_FILE; the shipped itinerary when neither is set.

    Comes with `--no-cache`: read and check the file in full instead of using the cache.
    """
    function = click.option(
        "--no-cache",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_set_no_cache,
        help="Read and check the file in full, without the cache of files that validated "
        "($XDG_CACHE_HOME/trip-tracker).",
    )(function)
    return click.option(
        "-f",
        "--file",
        metavar="PATH",
        envvar="TRIP_FILE",
        expose_value=False,
        is_eager=True,
        callback=_set_file,
        help="Itinerary file (YAML or JSON; - for stdin). Default: $TRIP_FILE, else the "
        "shipped itinerary.",
    )(function)


def format_option(*choices: str) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        return click.option(
            "--format",
            "output_format",
            type=click.Choice(choices),
            default=choices[0],
            show_default=True,
            help="Output format.",
        )(function)

    return decorate


def as_of_option(function: F) -> F:
    return click.option(
        "--as-of",
        "as_of",
        metavar="WHEN",
        default="now",
        show_default=True,
        help="The moment to answer for: 2025-10-29 14:00, Oct 29, 2025-10-29T05:00Z, now, "
        "today, tomorrow, +2d, -3h. A time without a zone is read in the zone where the "
        "principal is then, per the itinerary (else the trip's home zone).",
    )(function)


TZ_HELP = (
    "Zone to show times in: local (each stop's own zone, the default), home (the trip's home "
    "zone), or an IANA name such as Asia/Seoul. It also reads a time typed without a zone."
)


def tz_option(function: F) -> F:
    """`--tz local|home|ZONE`; checked when used (a bad name is exit 2 with suggestions)."""
    return click.option(
        "--tz",
        "tz",
        metavar="local|home|ZONE",
        default="local",
        show_default=True,
        help=TZ_HELP,
    )(function)


def resolve_tz(trip: Itinerary, choice: str, option: str = "--tz") -> str | None:
    """The IANA zone `--tz` (or `option`) asks for, or None for `local` (each stop's own)."""
    from trip_tracker.errors import UsageError
    from trip_tracker.zones import zone

    word = choice.strip()
    if word.lower() == "local":
        return None
    if word.lower() == "home":
        return trip.home_tz
    try:
        zone(word)
    except ValueError as error:
        words = "'local' or 'home'" if option == "--tz" else "'home'"  # --also refuses local
        raise UsageError(f"{option}: {error}; or use {words}") from None
    return word


def moment(as_of: str, trip: Itinerary, clock: Callable[[], DateTime], tz: str | None) -> DateTime:
    """Read `--as-of`/`--at`, saying on stderr which zone a zoneless time was read in when the
    itinerary leaves the principal's zone open at that moment (a stop boundary, a journey)."""
    from trip_tracker import output
    from trip_tracker.timeparse import parse_moment

    result = parse_moment(as_of, trip, clock, tz)
    if result.guess is not None and result.zone_used is not None:
        example = result.instant.isoformat(timespec="minutes")  # with the offset used
        output.note(
            f"read {as_of!r} in {result.zone_used} ({example}): {result.guess}; add an "
            "offset or --tz ZONE to choose"
        )
    return result.instant
