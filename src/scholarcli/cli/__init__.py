"""The command-line shell around the core: one module per command, rich only in render.py."""
