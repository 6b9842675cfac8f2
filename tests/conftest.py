"""Shared fixtures: a CLI runner with a pinned clock and fixed terminal width."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from trip_tracker.cli_options import Session

#: The clock every CLI test runs at unless it says otherwise: the eve of the departure.
PINNED_NOW = datetime(2025, 10, 23, 16, 0, tzinfo=UTC)
SHIPPED = Path(__file__).resolve().parents[1] / "data" / "asia-2025-10.yaml"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the parse cache (see trip_tracker.cache) out of the user's home during tests."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run `trip ARGS` in-process as a user would, with the clock pinned and 100 columns."""
    monkeypatch.delenv("TRIP_FILE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)

    def invoke(
        *args: str,
        now: datetime = PINNED_NOW,
        stdin: str | bytes | None = None,
        columns: int = 100,
    ) -> Result:
        from trip_tracker.cli import run as run_cli

        runner = CliRunner()
        session = Session(clock=lambda: now)
        with runner.isolation(input=stdin, env={"COLUMNS": str(columns)}) as (out, err, _):
            code = run_cli(list(args), session=session)
            return Result(code, out.getvalue().decode(), err.getvalue().decode())

    return invoke


__all__ = ["PINNED_NOW", "SHIPPED", "Result"]
