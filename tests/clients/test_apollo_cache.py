"""Apollo Client with a default InMemoryCache (no type policies) and the queries teams start from:
the README's and the example frontend's. No cache warning, and no answer lost to another's."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from simulator.population import Population
from tests.clients.test_js_clients import JS, graph_url, node_modules  # noqa: F401  (fixtures)
from tests.doc_examples import ROOT, blocks

EXAMPLE_QUERIES = ROOT / "examples" / "frontend" / "src"
CURL_QUERY = re.compile(r'"query": "((?:[^"\\]|\\.)*)"')


def operations() -> list[dict]:
    first = min(Population(4000, 1).prisoners_in("MDI"), key=lambda p: (p.last_name, p.first_name, p.prisoner_number))
    found = [
        {"name": f"README.md:{b.line}", "query": b.body, "variables": {}}
        for b in blocks(ROOT / "README.md")
        if b.language == "graphql"
        and b.is_example
        and b.mark != "error"
        and b.consumer is None
        and not b.body.lstrip().startswith("mutation")  # a cache holds what queries read; writes are not cached
    ]
    found.append(
        {
            "name": "WingList",
            "query": (EXAMPLE_QUERIES / "wing-list.graphql").read_text(),
            "variables": {"prisonId": "MDI"},
        }
    )
    for hmpps_id in (first.hmpps_id, "A1234BC"):
        found.append(
            {
                "name": f"PersonPage {hmpps_id}",
                "query": (EXAMPLE_QUERIES / "person.graphql").read_text(),
                "variables": {"hmppsId": hmpps_id},
            }
        )
    for b in blocks(ROOT / "README.md"):  # the queries the README posts with curl
        for match in CURL_QUERY.finditer(b.body if b.language == "sh" else ""):
            found.append(
                {"name": f"README.md:{b.line} (curl)", "query": json.loads(f'"{match.group(1)}"'), "variables": {}}
            )
    return [op for op in found if not op["query"].lstrip().startswith("mutation")]


def run(graph: str, ops: list[dict], tmp_path: Path) -> dict:
    file = tmp_path / "operations.json"
    file.write_text(json.dumps(ops))
    done = subprocess.run(
        ["node", "--conditions=development", "apollo-cache.mjs", graph, str(file)],
        cwd=JS,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_no_cache_warning_and_nothing_lost_for_the_readme_and_example_queries(node_modules, graph_url, tmp_path):  # noqa: F811
    ops = operations()
    assert len(ops) >= 5 and any("(curl)" in o["name"] for o in ops)
    out = run(graph_url, ops, tmp_path)
    assert out["developmentMode"] is True
    assert out["errors"] == []
    assert out["warnings"] == []
    assert out["lost"] == []


def test_the_check_sees_a_warning_when_a_value_has_no_identity(node_modules, graph_url, tmp_path):  # noqa: F811
    """The same check on two selections of an object without an id (a page): Apollo warns, and the
    first answer is lost. What docs/clients.md says to avoid."""
    ops = [
        {
            "name": "alerts with pagination",
            "query": '{ person(hmppsId: "A1234BC") { id alerts { items { code } pagination { totalCount } } } }',
            "variables": {},
        },
        {
            "name": "alerts without",
            "query": '{ person(hmppsId: "A1234BC") { id alerts { items { code } } } }',
            "variables": {},
        },
    ]
    out = run(graph_url, ops, tmp_path)
    assert any(
        "Cache data may be lost when replacing the alerts field of a Person object" in w for w in out["warnings"]
    ), out
    assert out["lost"] == ["alerts with pagination"]
