"""Shared fixtures: the example files, real-data folders, and a CLI runner."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner, Result

from scholarcli.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"
AS_OF = "2026-11-28"

# Hypothesis: CI runs every property test that does not set its own count 500 times
# (issue 9, acceptance 1); a local run tries fewer. HYPOTHESIS_PROFILE=ci runs CI's locally.
settings.register_profile(
    "ci",
    max_examples=500,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


def _find_shared() -> Path:
    """The project's shared data folder: $SCHOLAR_SHARED, else a `shared/` folder beside
    the checkout or beside one of its parents (a CI clone may sit a level deeper)."""
    if os.environ.get("SCHOLAR_SHARED"):
        return Path(os.environ["SCHOLAR_SHARED"])
    for parent in ROOT.parents:
        if (parent / "shared" / "realdata").is_dir():
            return parent / "shared"
    return ROOT.parent / "shared"


SHARED = _find_shared()


def shared_path(*parts: str) -> Path:
    """A path under the shared data folder; skips the test when absent (fails instead when
    CI is set)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is not here (a clone has no ../shared/; set SCHOLAR_SHARED)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must provide it")
        pytest.skip(message)
    return path


@pytest.fixture
def seed() -> Path:
    return EXAMPLES / "profile.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


Scholar = Callable[..., Result]


@pytest.fixture
def scholar(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Scholar:
    """Run `scholar ARGS...` in-process: returns the Click result (exit_code, stdout, stderr).

    The library defaults to a fresh file in tmp_path, the reference date to AS_OF, and the
    terminal to a dumb one, so runs are deterministic.
    """
    monkeypatch.setenv("SCHOLAR_LIBRARY", str(tmp_path / "library.sqlite"))
    monkeypatch.setenv("SCHOLAR_AS_OF", AS_OF)
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")

    def run(*args: object, input: str | bytes | None = None) -> Result:
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


def generator() -> ModuleType:
    """benchmarks/generate.py, loaded by path (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate", module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module
