"""The code blocks of README.md and docs/*.md, and the rule for which of them are examples to run.

The rule:
- a ```graphql, ```sh or ```bash block is an example, and a test runs it: GraphQL blocks are posted
  to the graph on the embedded default (tests/integration/test_doc_examples.py), shell blocks run
  for real, each document's blocks in order (tests/e2e/test_doc_commands.py);
- any other block (```json, ```yaml, ```text, a diagram with no language) is not an example; a
  ```json block right after a GraphQL example is its exact answer (errors' `locations` left out),
  and a ```yaml block before GraphQL examples in the same section is their consumers file;
- an HTML comment on the line before a block says more: `<!-- example: error -->` (the example shows
  an error: its answer must have errors), `<!-- example: not-run -->` (not run: a long-running or
  recursive command such as `scripts/test`);
- ```graphql consumer=NAME runs as consumer NAME, with a token from the simulator's HMPPS Auth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "docs").glob("*/*.md"))]
EXAMPLE_LANGUAGES = {"graphql", "sh", "bash"}
MARKS = {"error", "not-run"}
FENCE = re.compile(r"^```(\w*)([^\n]*)\n(.*?)^```\s*$", re.S | re.M)
MARK = re.compile(r"<!--\s*example:\s*([\w-]+)\s*-->\s*$")


@dataclass(frozen=True)
class Block:
    document: Path
    line: int
    language: str
    info: str  # what follows the language on the fence line, e.g. "consumer=probation-partner"
    body: str
    mark: str | None
    section: str  # the nearest heading above the block

    @property
    def id(self) -> str:
        return f"{self.document.relative_to(ROOT)}:{self.line}"

    @property
    def is_example(self) -> bool:
        return self.language in EXAMPLE_LANGUAGES and self.mark != "not-run"

    @property
    def consumer(self) -> str | None:
        match = re.search(r"\bconsumer=(\S+)", self.info)
        return match.group(1) if match else None


def blocks(document: Path) -> list[Block]:
    text = document.read_text()
    found = []
    for match in FENCE.finditer(text):
        before = text[: match.start()]
        lines = before.rstrip("\n").splitlines()
        mark = MARK.search(lines[-1]) if lines else None
        headings = re.findall(r"^#{1,6} (.+)$", FENCE.sub("", before), re.M)  # not a `#` comment in a block
        found.append(
            Block(
                document=document,
                line=before.count("\n") + 1,
                language=match.group(1),
                info=match.group(2).strip(),
                body=match.group(3),
                mark=mark.group(1) if mark else None,
                section=headings[-1] if headings else "",
            )
        )
    return found


def all_blocks() -> list[Block]:
    return [block for document in DOCUMENTS for block in blocks(document)]
