"""What every ``councilguard`` subcommand shares about failing: the exit statuses and
the one way a message that the user must act on reaches them.

The subcommands that live beside their own areas (``scan`` in archive/, ``serve`` and
``deadlines`` in web/) import this module, never ``cli.main``, which imports them.
"""

from __future__ import annotations

import sys

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_STOPPED = 0, 1, 2, 130


class BadInput(Exception):
    """Input the user must fix; the message names the problem."""


def fail(message: str, command: str = "") -> int:
    """Tell the user what to fix, on stderr, and give the bad-input exit status."""
    print(f"councilguard{' ' + command if command else ''}: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT
