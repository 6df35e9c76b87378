"""`import realtime_sdk` loads only what every user needs; the rest is imported on first use.

Behavioural, not timed: each check runs in a fresh interpreter and looks at `sys.modules`.
(The time itself is measured by benchmarks/import_time.py.)
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Modules only some programs need, and which `import realtime_sdk` must therefore not load.
LAZY = [
    "httpx",
    "websockets",
    "cattrs",
    "numpy",
    "soxr",
    "sounddevice",
    "trio",
    "realtime_sdk.events",
    "realtime_sdk.events.beta",
    "realtime_sdk.events.translation",
    "realtime_sdk.audio",
    "realtime_sdk.testing",
    "realtime_sdk._session",
    "realtime_sdk._rest",
    "realtime_sdk._codec",
]


def loaded_after(code: str) -> set[str]:
    """The modules of LAZY present in `sys.modules` after running `code` in a fresh interpreter."""
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(set(sys.modules) & set({LAZY!r}))))"
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout
    return set(json.loads(out))


def test_import_loads_none_of_the_lazy_modules() -> None:
    assert loaded_after("import realtime_sdk") == set()


def test_the_exceptions_and_version_need_no_lazy_import() -> None:
    code = (
        "import realtime_sdk as rt\n"
        "assert issubclass(rt.AuthenticationError, rt.RealtimeError)\n"
        "assert rt.__version__"
    )
    assert loaded_after(code) == set()


def test_a_session_never_loads_httpx_or_the_optional_extras() -> None:
    loaded = loaded_after("import realtime_sdk\nrealtime_sdk.Session")
    assert "realtime_sdk._session" in loaded  # the name really was resolved
    assert loaded.isdisjoint({"httpx", "numpy", "soxr", "sounddevice", "realtime_sdk.testing"})


def test_httpx_is_imported_by_the_first_rest_request_not_by_the_helper() -> None:
    loaded = loaded_after("from realtime_sdk import create_client_secret")
    assert "realtime_sdk._rest" in loaded
    assert "httpx" not in loaded


def test_unknown_names_still_raise_attribute_error() -> None:
    import realtime_sdk

    with pytest.raises(AttributeError, match="no_such_name"):
        realtime_sdk.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    assert "Session" in dir(realtime_sdk)
