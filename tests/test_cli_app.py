"""The Typer app: commands load lazily, and nothing a user sees changes for it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scholarcli.cli.app import COMMANDS, LazyCommands, load_command

from conftest import Scholar


def _modules_after(code: str) -> list[str]:
    """The command modules imported after running ``code`` in a fresh interpreter."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    modules = json.loads(done.stdout.strip().splitlines()[-1])
    commands = {module for module, _ in COMMANDS.values()}
    return [m for m in modules if m in commands]


def test_importing_the_app_imports_no_command_module() -> None:
    assert _modules_after("import scholarcli.cli.app") == []


def test_a_command_is_built_from_its_module_alone() -> None:
    code = (
        "from typer.main import get_command\n"
        "from scholarcli.cli.app import app\n"
        "group = get_command(app)\n"
        "assert group.get_command(None, 'list').name == 'list'\n"
    )
    assert _modules_after(code) == ["scholarcli.cli.list_cmd"]


def test_lazy_commands_know_every_name_before_building_any() -> None:
    commands = LazyCommands(dict(COMMANDS), {})
    assert list(commands) == list(COMMANDS)
    assert len(commands) == len(COMMANDS)
    assert "dedupe" in commands
    assert "nope" not in commands
    assert commands.get("nope") is None


def test_lazy_commands_build_once_and_accept_added_commands() -> None:
    commands = LazyCommands(dict(COMMANDS), {})
    first = commands["stats"]
    assert first is commands["stats"]
    assert first.name == "stats"
    extra = load_command("list")
    commands["extra"] = extra
    assert list(commands)[-1] == "extra"
    del commands["extra"]
    assert "extra" not in commands


def test_library_is_a_group_of_its_subcommands() -> None:
    group = load_command("library")
    assert group.name == "library"
    assert sorted(group.commands) == ["info", "path", "remove"]


def test_help_lists_every_command_in_table_order(scholar: Scholar) -> None:
    result = scholar("--help")
    assert result.exit_code == 0
    assert result.stderr == ""
    after = result.stdout[result.stdout.index("Commands") :]
    panel = after[: after.index("╰")].splitlines()[1:]
    # A row of the panel: a border character, a space, then the name (continuations: spaces).
    listed = [line[2:].split()[0] for line in panel if line[2:3].isalpha()]
    assert listed == list(COMMANDS)


def test_help_of_a_command_is_its_own(scholar: Scholar) -> None:
    result = scholar("dedupe", "-h")
    assert result.exit_code == 0
    assert "Usage: scholar dedupe [OPTIONS]" in result.stdout
    assert "--threshold" in result.stdout


def test_a_typo_still_gets_a_suggestion(scholar: Scholar) -> None:
    result = scholar("lsit", "examples/profile.txt")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "No such command 'lsit'" in result.stderr
    assert "Did you mean 'list'?" in result.stderr


def test_the_invoked_command_runs(scholar: Scholar, seed: object) -> None:
    result = scholar("list", seed, "-f", "keys", "-n", "2")
    assert result.exit_code == 0
    assert result.stdout.split() == ["yang2022nearly", "wang2022reconstructing"]


# Runs `scholar ARGS` through the entry point and reports, from inside the command, whether
# the garbage collector runs there; at exit, whether it runs and how much start-up froze.
_GC_PROBE = """
import gc, json, sys
import scholarcli.cli.list_cmd as list_cmd
seen = []
real = list_cmd.load_papers
def spy(*args, **kwargs):
    seen.append(gc.isenabled())
    return real(*args, **kwargs)
list_cmd.load_papers = spy
sys.argv = ["scholar", *sys.argv[1:]]
from scholarcli.__main__ import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write(json.dumps([seen, gc.isenabled(), gc.get_freeze_count()]) + "\\n")
"""


def test_start_up_runs_without_the_collector_and_the_command_with_it() -> None:
    seed = str(Path(__file__).parent.parent / "examples" / "profile.txt")
    done = subprocess.run(
        [sys.executable, "-c", _GC_PROBE, "list", seed, "--format", "keys"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 50
    seen, enabled_at_exit, frozen = json.loads(done.stderr.strip().splitlines()[-1])
    assert seen == [True]
    assert enabled_at_exit is True
    assert frozen > 1000  # typer, the app and the command: what start-up built


def test_building_a_command_leaves_a_running_collector_alone() -> None:
    import gc

    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    load_command("stats")
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
