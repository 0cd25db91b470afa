"""The arrows point one way: articles -> events -> people. `people` reaches the others only lazily."""

import ast
from pathlib import Path

import pytest

PEOPLE = Path(__file__).resolve().parents[2] / "people"


@pytest.mark.parametrize("path", sorted(PEOPLE.rglob("*.py")), ids=lambda p: str(p.relative_to(PEOPLE)))
def test_people_modules_do_not_import_articles_or_events_at_load_time(path):
    tree = ast.parse(path.read_text())
    for node in tree.body:  # module level only; imports inside functions are the allowed, lazy way
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert name.split(".")[0] not in {"articles", "events"}, f"{path.name} imports {name}"
