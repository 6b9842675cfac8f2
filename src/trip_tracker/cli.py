"""The `trip` command: a lazy group of thin subcommands and the one error boundary.

Subcommands live in `trip_tracker.commands.*` and are imported only when run, so `trip --help`
and light commands start fast. Every failure becomes one message on stderr and an exit code:
0 success, 1 bad data, 2 bad usage, 130 interrupted; never a traceback.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

from trip_tracker import __version__, output, process
from trip_tracker.cli_options import Session, file_option

#: name -> (module:function, one-line help). The help is here so `trip --help` imports nothing.
COMMANDS: dict[str, tuple[str, str]] = {
    "stops": ("listing:stops", "Every stop in travel order, with dates at their precision."),
    "upcoming": ("listing:upcoming", "What comes next after a moment (default: now)."),
    "meetings": ("listing:meetings", "Who meets whom, where, when, about what, how sure."),
    "people": ("listing:people", "Everyone in the itinerary and when they meet the principal."),
    "show": ("listing:show", "One item (event, stop, person, source) in full, with its quote."),
    "agenda": ("views:agenda", "Day by day, with days cut in any zone (--tz), vague items kept."),
    "where": ("views:where", "Where the principal or someone else is at a moment, how sure."),
    "together": ("views:together", "When and where two people are at the same event."),
    "validate": ("validate:validate", "Check a file and report every problem, or OK."),
    "export": (
        "export:export",
        "Write a briefing or data export (md, json, csv, ics, html) to stdout or a file.",
    ),
    "schema": ("schema:schema", "The JSON Schema of the itinerary file format."),
    "check": (
        "check:check",
        "Consistency: clashes, order, travel time, weekdays (exit 1 on errors).",
    ),
    "diff": ("diff:diff", "What changed between two versions of a file, by id (exit 1 if any)."),
    "set-status": (
        "set_status:set_status",
        "Change one item's status in place, keeping the layout.",
    ),
}

EPILOG = """\b
Examples:
  trip stops
  trip upcoming --as-of 2025-10-25
  trip meetings --with xi
  trip people
  trip show meet-xi
  trip agenda --tz America/New_York --also home
  trip where --at '2025-10-27 12:00'
  trip together trump xi
  trip validate my-trip.yaml
  trip export --format md -o briefing.md
  trip check my-trip.yaml
  trip diff yesterday.yaml today.yaml
  trip -f my-trip.yaml set-status meet-xi confirmed
  trip export --format ics -o trip.ics
  trip schema > trip.schema.json
  trip -f my-trip.yaml stops --format json
"""


class _ReaderGone(Exception):
    """The reader of standard output went away (`trip export | head -1`)."""


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use (see COMMANDS)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            import importlib

            target, _ = COMMANDS[cmd_name]
            module_name, _, attribute = target.partition(":")
            module = importlib.import_module(f"trip_tracker.commands.{module_name}")
            command: click.Command = getattr(module, attribute)
            return command
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand; a closed output pipe leaves as `_ReaderGone`, which click does
        not intercept (it turns a broken pipe into a silent exit 1, our code for bad data)."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError as error:
            raise _ReaderGone from error

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """Complete subcommand names from COMMANDS without importing every command module."""
        from click.shell_completion import CompletionItem

        results = [
            CompletionItem(name, help=COMMANDS[name][1])
            for name in sorted(COMMANDS)
            if name.startswith(incomplete)
        ]
        results.extend(click.Command.shell_complete(self, ctx, incomplete))
        return results

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in sorted(COMMANDS)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="trip", message="%(prog)s %(version)s")
@file_option
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Keep an official trip's itinerary straight: where the principal is, when, whom they
    meet, and how sure each item is (confirmed, expected, reported, speculative...).

    Works on the shipped itinerary (the October 2025 US presidential trip to Malaysia, Japan
    and South Korea) unless -f or $TRIP_FILE names another file.
    """
    ctx.ensure_object(Session)


def run(argv: Sequence[str] | None = None, session: Session | None = None) -> int:
    """Run the CLI and return its exit code; the error boundary for every command."""
    from trip_tracker.errors import Terminated, TripError

    try:
        result: Any = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="trip",
            standalone_mode=False,
            obj=session,
        )
    except click.exceptions.Exit as stop:  # pragma: no cover - click returns these instead
        return stop.exit_code
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        output.echo("trip: interrupted", err=True)
        return 130
    except Terminated as stop:
        output.echo("trip: terminated", err=True)
        return 128 + stop.signum
    except TripError as error:
        from trip_tracker.formatting import safe

        for message in error.messages():
            output.echo(f"trip: error: {safe(message)}", err=True)
        return error.exit_code
    except (_ReaderGone, BrokenPipeError):
        # The reader went away (`trip stops | head -1`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except OSError as error:  # e.g. stdout on a full disk: said plainly, not as a bug
        output.echo(f"trip: error: {_system_error(error)}", err=True)
        return 1
    except MemoryError:  # a cap (ulimit -v) or a machine too small: not a bug to report
        output.echo(
            "trip: error: out of memory (the file may be too big for the memory allowed)", err=True
        )
        return 1
    return result if isinstance(result, int) else 0


def _system_error(error: OSError) -> str:
    """An error of the system that no command words itself: the file it names (a damaged
    install missing its shipped itinerary, say), or else the output (a full disk)."""
    reason = error.strerror or str(error)
    if error.filename is not None:
        return f"{error.filename}: {reason}"
    return f"cannot write the output: {reason}"


def main() -> None:
    """Console-script entry point: one command, then the process exits."""
    process.one_command = True
    # pydantic looks through every installed package's entry points for plugins when the
    # first model is built: ~0.2 ms per package at each start (0.07 s with 300 installed).
    # `trip` uses none; setting the variable (even empty) keeps pydantic's own choice.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if sys.stdout is None:  # closed when trip started (`trip stops >&-`): output unwanted
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process
    _escape_what_stdout_cannot_write()
    _end_cleanly_on_signals()
    try:
        code = run()
    except Exception as error:  # pragma: no cover - last resort: a bug, said in one line
        if os.environ.get("TRIP_DEBUG"):
            raise
        output.echo(
            f"trip: internal error: {type(error).__name__}: {error} "
            "(set TRIP_DEBUG=1 to see details; please report it)",
            err=True,
        )
        code = 70
    loader = sys.modules.get("trip_tracker.loader")  # imported only if a command loaded a file
    if loader is not None and loader.holds_big_itinerary():
        _exit_at_once(code)
    sys.exit(code)


def _end_cleanly_on_signals() -> None:
    """SIGTERM and SIGHUP (a `kill`, a closed terminal) raise `Terminated` where the
    command stands, so that it undoes what is half done, as on Ctrl-C: by default they end
    the process at once, leaving an export's temporary file behind."""
    import signal

    from trip_tracker.errors import Terminated

    def terminate(signum: int, frame: object) -> None:
        raise Terminated(signum)

    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None and signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, terminate)


def _escape_what_stdout_cannot_write() -> None:
    """A stdout that cannot write every character (`PYTHONIOENCODING=ascii`, a Latin-1
    terminal) gets backslash escapes for those it cannot, instead of a crash midway
    through a table; JSON escapes them itself (see `output.emit_json`)."""
    if not process.encodes_all_text(sys.stdout) and isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")


def _exit_at_once(code: int) -> None:
    """End the process without freeing a big itinerary object by object: the OS takes the
    memory back at once. Output is flushed first (a reader that went away was dealt with in
    `run`); nothing else is pending: files are written and closed by then, and `trip`
    registers no exit handlers. Only the console script does this; callers of `run` keep
    their process."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # closed when trip started (`trip ... >&-`)
            continue
        try:
            stream.flush()
        except (OSError, ValueError):  # the last write failed: never report success
            code = code or 120  # what Python answers when it cannot flush at exit
    os._exit(code)
