"""Runs the worked examples of docs/access-control.md: each section's consumers file, queries and answers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from server import create_app
from settings import Settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "access-control.md"
FENCE = re.compile(r"```(\w+)([^\n]*)\n(.*?)```", re.S)


def examples() -> list[tuple[str, str, list[tuple[str, str, dict]]]]:
    """(title, consumers yaml, [(consumer, query, expected answer)]) per '### ' section of the worked examples."""
    text = DOC.read_text().split("## Worked examples", 1)[1]
    found = []
    for section in text.split("\n### ")[1:]:
        title = section.splitlines()[0]
        blocks = FENCE.findall(section)
        consumers_yaml = next(body for lang, _, body in blocks if lang == "yaml")
        runs, pending = [], None
        for lang, info, body in blocks:
            if lang == "graphql":
                pending = (info.strip().removeprefix("consumer="), body)
            elif lang == "json" and pending:
                runs.append((*pending, json.loads(body)))
                pending = None
        found.append((title, consumers_yaml, runs))
    return found


def without_locations(body: dict) -> dict:
    for error in body.get("errors", []):
        error.pop("locations", None)
    return body


def test_the_doc_has_the_four_examples():
    assert [title for title, _, _ in examples()] == [
        "Full access",
        "A private prison operator limited to two prisons",
        "A probation partner with risk data only",
        "Reference data only",
    ]


@pytest.mark.parametrize("title,consumers_yaml,runs", examples(), ids=[e[0] for e in examples()])
async def test_worked_example(tmp_path, simulator, title, consumers_yaml, runs):
    path = tmp_path / "consumers.yml"
    path.write_text(consumers_yaml)
    app = create_app(Settings(consumers_file=str(path)), embedded_simulator=simulator)
    assert runs
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        for consumer, document, expected in runs:
            token = simulator.auth.issue(consumer, [])
            response = await client.post(
                "/graphql", json={"query": document}, headers={"Authorization": f"Bearer {token}"}
            )
            assert without_locations(response.json()) == expected, (consumer, document)
    await app.state.upstreams.aclose()
