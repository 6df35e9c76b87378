"""The static types users get: `mypy --strict` on small apps under tests/typing/.

`app.py` must type-check cleanly (its `assert_type` calls pin exact answer types, so a regression to
`Any` or to the union of every server event fails); `misuse.py` must be refused on exactly the lines
marked `# error:`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "typing"
ROOT = Path(__file__).parent.parent


def _mypy(tmp_path: Path, *files: str) -> tuple[int, str]:
    args = [sys.executable, "-m", "mypy", "--strict", "--no-error-summary"]
    args += ["--cache-dir", str(tmp_path / "mypy-cache"), "--hide-error-context"]
    proc = subprocess.run(
        [*args, *(str(HERE / name) for name in files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return proc.returncode, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str]:
    # One mypy run for both files (checking the package is the slow part).
    return _mypy(tmp_path_factory.mktemp("typing"), "app.py", "misuse.py")


def _errors(output: str, name: str) -> dict[int, str]:
    found: dict[int, str] = {}
    for match in re.finditer(rf"^.*{name}:(\d+): error: (.*)$", output, re.MULTILINE):
        found.setdefault(int(match[1]), match[2])
    return found


def test_app_type_checks_with_exact_answer_types(results: tuple[int, str]) -> None:
    _, output = results
    assert _errors(output, "app.py") == {}, output


def test_misuse_is_refused_on_every_marked_line(results: tuple[int, str]) -> None:
    code, output = results
    source = (HERE / "misuse.py").read_text().splitlines()
    expected = {n for n, line in enumerate(source, 1) if "# error:" in line}
    assert expected, "misuse.py marks no line"
    assert set(_errors(output, "misuse.py")) == expected, output
    assert code == 1
