"""The `citymesh` command: its subcommands, the deployment commands and the demo."""

from .command import build_parser, main

__all__ = ["build_parser", "main"]
