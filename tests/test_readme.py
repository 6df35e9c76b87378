"""The README's first code block runs as written (against the built-in fake server, without a key)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def first_python_block() -> str:
    match = re.search(r"^```python\n(.*?)^```", README.read_text(encoding="utf-8"), re.S | re.M)
    assert match is not None, "README.md has no ```python block"
    return match.group(1)


def test_the_first_snippet_runs_as_is(tmp_path: Path) -> None:
    script = tmp_path / "hello.py"
    script.write_text(first_python_block(), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,  # a guard against a hang, not a timing assertion
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "You said: Hello!"
    assert lines[1].startswith("Usage(total_tokens=")
    assert done.stderr == ""
