"""README's "How to add a field" quotes real lines: each must still be in the file it names."""

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]


def recipe() -> str:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("## How to add a field")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else len(readme)]


def test_the_loader_line_it_quotes_is_in_loaders():
    quoted = re.search(r"`(\w+_by_\w+ = lazy\(lambda self: [^`]+)`", recipe())
    assert quoted is not None, "the recipe's loader line moved: update this test"
    assert quoted.group(1) in (ROOT / "loaders" / "__init__.py").read_text()


def test_the_files_and_names_it_points_to_exist():
    for path in ("upstream/prison_api.py", "schema/visits.py", "resolvers/visits.py", "simulator/prison_api.py"):
        assert (ROOT / path).is_file(), path
    assert "def image_data" in (ROOT / "upstream" / "prison_api.py").read_text()
    assert "class VisitFields" in (ROOT / "resolvers" / "visits.py").read_text()
    assert "LIMITED_ACCESS_POLICY" in (ROOT / "access" / "redactions.py").read_text()
