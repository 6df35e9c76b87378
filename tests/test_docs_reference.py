"""The API reference names every public class of the dialect modules (mkdocstrings renders only
what a page names: a package that re-exports its classes renders nothing by itself)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

import realtime_sdk.events.beta as beta
import realtime_sdk.events.translation as translation

DOCS = Path(__file__).resolve().parent.parent / "docs" / "reference"


def _classes(module: ModuleType) -> list[str]:
    names: list[str] = module.__all__
    # Classes only: aliases of builtins (such as `Voice = str`) are not documented as classes.
    return [
        n
        for n in names
        if isinstance(getattr(module, n), type) and getattr(module, n).__module__ != "builtins"
    ]


@pytest.mark.parametrize(
    ("module", "page"),
    [(beta, "events-beta.md"), (translation, "events-translation.md")],
    ids=["beta", "translation"],
)
def test_the_reference_page_names_every_class(module: ModuleType, page: str) -> None:
    text = (DOCS / page).read_text()
    prefix = module.__name__
    missing = [
        name
        for name in _classes(module)
        if f"::: {prefix}.{name}\n" not in text  # rendered on this page
        and f"`{name}`" not in text  # or named as a class shared with GA
        # or the whole module is rendered, which shows the classes it defines itself
        and not (f"::: {prefix}\n" in text and getattr(module, name).__module__ == prefix)
    ]
    assert not missing, f"{page} does not name {missing}"
