"""`python -m realtime_sdk.testing serve ...`: run the fake Realtime server by hand."""

from __future__ import annotations

from ._cli import main

if __name__ == "__main__":
    raise SystemExit(main())
