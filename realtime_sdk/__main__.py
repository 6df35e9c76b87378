"""`python -m realtime_sdk` and the `realtime-sdk` console script."""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run `realtime-sdk`; see `realtime_sdk._cli.main`. Ctrl-C at any point exits with 130."""
    try:
        # Imported here so that a Ctrl-C while the command line loads ends it without a traceback.
        from ._cli import main as cli_main
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
