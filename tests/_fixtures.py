"""Where the tests find their data: copies kept in this repository, so that a fresh clone needs nothing beside it."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# OpenAI's published examples and JSON Schemas; provenance in fixtures/openai-spec/README.md.
OPENAI_SPEC = FIXTURES / "openai-spec"
