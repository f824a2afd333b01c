"""scholarcli: a command-line bibliography toolkit (the `scholar` command)."""

__version__ = "0.1.0"
