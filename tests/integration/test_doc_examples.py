"""Runs every GraphQL example of README.md and docs/*.md against the graph on the embedded default.

Which blocks are examples, and how they are marked, is the rule in tests/doc_examples.py. A block with
`consumer=NAME` runs as that consumer, with its section's consumers file (the worked examples of
docs/access-control.md); a ```json block right after an example is its exact answer.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from server import create_app
from settings import Settings
from tests.doc_examples import DOCUMENTS, MARKS, ROOT, Block, all_blocks, blocks

BLOCKS = all_blocks()
GRAPHQL = [b for b in BLOCKS if b.language == "graphql" and b.is_example]


def answer_after(block: Block) -> dict | None:
    """The ```json block that follows an example directly (only prose between them), if any."""
    siblings = blocks(block.document)
    later = [b for b in siblings if b.line > block.line]
    if later and later[0].language == "json" and later[0].section == block.section:
        return json.loads(later[0].body)
    return None


def consumers_file_for(block: Block, tmp_path: Path) -> str:
    """The section's consumers file (the ```yaml block above the example), else the default one."""
    above = [b for b in blocks(block.document) if b.line < block.line and b.section == block.section]
    yaml_blocks = [b for b in above if b.language == "yaml"]
    if not yaml_blocks:
        return str(ROOT / "consumers.example.yml")
    path = tmp_path / "consumers.yml"
    path.write_text(yaml_blocks[-1].body)
    return str(path)


def without_locations(body: dict) -> dict:
    for error in body.get("errors", []):
        error.pop("locations", None)
    return body


def test_every_mark_is_known_and_on_a_block():
    for document in DOCUMENTS:
        marks = document.read_text().count("<!-- example:")
        assert marks == sum(1 for b in blocks(document) if b.mark), f"{document}: a mark is not right before a block"
    assert {b.mark for b in BLOCKS if b.mark} <= MARKS


def test_the_readme_and_docs_have_examples():
    ids = {b.id.split(":")[0] for b in GRAPHQL}
    assert {"README.md", "docs/access-control.md", "docs/errors.md"} <= ids
    assert [b.section for b in GRAPHQL if b.document.name == "access-control.md"][:1] == ["Full access"]


def test_not_run_commands_exist():
    """Commands shown but not run (they run the suite, or for minutes) are at least there to run."""
    for block in BLOCKS:
        if block.language in ("sh", "bash") and block.mark == "not-run":
            for line in block.body.splitlines():
                command = line.split("#")[0].split()
                if command and "/" in command[0]:
                    path = ROOT / command[0]
                    assert path.is_file() and path.stat().st_mode & 0o111, f"{block.id}: no executable {command[0]}"


@pytest.mark.parametrize("block", GRAPHQL, ids=[b.id for b in GRAPHQL])
async def test_graphql_example(block: Block, simulator, tmp_path):
    app = create_app(Settings(consumers_file=consumers_file_for(block, tmp_path)), embedded_simulator=simulator)
    headers = {}
    if block.consumer:
        headers["Authorization"] = f"Bearer {simulator.auth.issue(block.consumer, [])}"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        response = await client.post("/graphql", json={"query": block.body}, headers=headers)
    await app.state.upstreams.aclose()
    answer = without_locations(response.json())
    expected = answer_after(block)
    if expected is not None:
        assert answer == expected, block.id
    if block.mark == "error":
        assert answer.get("errors"), f"{block.id} is marked as showing an error but has none: {answer}"
    else:
        assert "errors" not in answer, f"{block.id}: {answer.get('errors')}"
        assert answer["data"] and all(value is not None for value in answer["data"].values()), answer
