"""Differential test against openai-python's own realtime types: the same wire events must give the
same field values, wherever the two models overlap."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest

import realtime_sdk
from realtime_sdk import UNSET
from realtime_sdk.events._base import Model
from tests._fixtures import OPENAI_SPEC

openai_models = pytest.importorskip("openai._models")
realtime_types = pytest.importorskip("openai.types.realtime")

SPEC = OPENAI_SPEC / "ga"
_MISSING = object()


def theirs_of(data: dict[str, Any], union: Any) -> Any:
    # What openai-python's RealtimeConnection.parse_event does with a received message.
    return openai_models.construct_type_unchecked(value=data, type_=union)


def field_of(theirs: Any, name: str) -> Any:
    if isinstance(theirs, dict):
        return theirs.get(name, _MISSING)
    value = getattr(theirs, name, _MISSING)
    if value is _MISSING and hasattr(theirs, "model_extra") and theirs.model_extra:
        value = theirs.model_extra.get(name, _MISSING)
    return value


def plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude_unset=True)
    return value


def compare(ours: Any, theirs: Any, path: str, seen: list[str]) -> None:
    if isinstance(ours, Model):
        assert theirs is not _MISSING, f"{path}: missing in openai-python"
        for field in attrs.fields(type(ours)):
            if field.name == "extra_fields":
                continue
            value = getattr(ours, field.name)
            other = field_of(theirs, field.name)
            if value is UNSET:
                # openai-python leaves an absent optional field unset, read as None.
                assert other in (_MISSING, None), f"{path}.{field.name}"
                continue
            compare(value, other, f"{path}.{field.name}", seen)
        return
    if isinstance(ours, list):
        assert isinstance(theirs, list), path
        assert len(ours) == len(theirs), path
        for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            compare(a, b, f"{path}[{index}]", seen)
        return
    seen.append(path)
    assert ours == plain(theirs), path


def examples(direction: str) -> list[Path]:
    return sorted(SPEC.glob(f"{direction}_ga_*.json"))


@pytest.mark.parametrize("path", examples("server"), ids=lambda p: p.stem)
def test_server_examples_same_values_as_openai_python(path: Path) -> None:
    data = json.loads(path.read_text())
    data["type"] = data["type"].strip()  # our documented normalisation of the defective DTMF type
    ours = realtime_sdk.decode_server_event(path.read_text())
    theirs = theirs_of(dict(data), realtime_types.RealtimeServerEvent)
    if getattr(theirs, "type", None) != data["type"]:
        pytest.skip(f"openai-python has no model for {data['type']!r}")
    seen: list[str] = []
    compare(ours, theirs, "$", seen)
    assert seen  # some leaf values were compared


@pytest.mark.parametrize("path", examples("client"), ids=lambda p: p.stem)
def test_client_examples_same_values_as_openai_python(path: Path) -> None:
    data = json.loads(path.read_text())
    ours = realtime_sdk.decode_client_event(path.read_text())
    theirs = theirs_of(json.loads(path.read_text()), realtime_types.RealtimeClientEvent)
    if getattr(theirs, "type", None) != data["type"]:
        pytest.skip(f"openai-python has no model for {data['type']!r}")
    seen: list[str] = []
    compare(ours, theirs, "$", seen)
    assert seen


def test_benchmark_mix_same_values_as_openai_python() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import decode as bench
    finally:
        sys.path.pop(0)
    compared = 0
    for message in bench.build_mix(5, seed=11):
        ours = realtime_sdk.decode_server_event(message)
        theirs = theirs_of(json.loads(message), realtime_types.RealtimeServerEvent)
        seen: list[str] = []
        compare(ours, theirs, "$", seen)
        compared += len(seen)
    assert compared > 1000
