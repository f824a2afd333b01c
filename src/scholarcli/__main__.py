"""Entry point of `scholar` and `python -m scholarcli`.

`scholar --version` is answered before Typer is imported: it is the one command whose
whole cost is start-up, and scripts call it to check the tool is there.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from scholarcli import __version__

        sys.stdout.write(f"scholar {__version__}\n")
        return
    import gc

    # Start-up (typer, the command's modules, the Click tree) allocates tens of thousands of
    # long-lived objects and no garbage: collecting during it is wasted work, about 10% of a
    # short command. cli.app turns collection back on once the command is loaded.
    gc.disable()
    try:
        from scholarcli.cli.app import app
    except KeyboardInterrupt:
        # Ctrl-C while Python is still importing: the app's own handler is not there yet.
        sys.stderr.write("scholar: interrupted\n")
        sys.exit(130)
    app(prog_name="scholar")


if __name__ == "__main__":
    main()
