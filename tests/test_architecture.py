"""Dependencies between the project's packages point one way, counting every import.

    newsroom (project shell) ─▶ demo ─▶ articles ─▶ events ─▶ people ─▶ editorial ─▶ core

Each package may depend only on the packages to its right (not all of them need be used), and
nothing depends on the shell. "Depends" means any of: an import at module level, an import
inside a function, `apps.get_model("label", ...)`, or a lazy model reference such as
`ForeignKey("label.Model")`. The same analysis as /work/shared/hooks/import-cycles.py; migrations are
left out (their dependencies are migration history, not code).
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOT_PACKAGES = {"tests", "scripts", "static", "templates", "docs", "media", "staticfiles", "node_modules"}

LAYERS = ["newsroom", "demo", "articles", "events", "people", "editorial", "core"]
ALLOWED = {package: set(LAYERS[index + 1 :]) for index, package in enumerate(LAYERS)}
MODEL_REFERENCE = re.compile(r"^(\w+)\.[A-Z]\w*$")


def project_packages() -> list[str]:
    return sorted(
        path.name
        for path in ROOT.iterdir()
        if (path / "__init__.py").exists() and path.name not in NOT_PACKAGES and not path.name.startswith(".")
    )


def app_labels() -> dict[str, str]:
    """App label -> package (editorial keeps the label "newsroom")."""
    labels = {package: package for package in project_packages()}
    for package in project_packages():
        apps_py = ROOT / package / "apps.py"
        if not apps_py.exists():
            continue
        for node in ast.walk(ast.parse(apps_py.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(getattr(target, "id", "") == "label" for target in node.targets):
                labels[node.value.value] = package
    return labels


def dependencies(path: Path, labels: dict[str, str]) -> list[tuple[str, int, str]]:
    """(package, line, what) for every reference of the file to a project package."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name.split(".")[0], node.lineno, f"import {alias.name}") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module.split(".")[0], node.lineno, f"from {node.module} import ..."))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "get_model" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                label = first.value.split(".")[0]
                found.append((labels.get(label, label), node.lineno, f"get_model({first.value!r}, ...)"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = MODEL_REFERENCE.match(node.value)
            if match and match[1] in labels:
                found.append((labels[match[1]], node.lineno, f"model reference {node.value!r}"))
    packages = set(labels.values())
    return [(target, line, what) for target, line, what in found if target in packages]


def violations() -> list[str]:
    labels = app_labels()
    problems = []
    for package in project_packages():
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.relative_to(ROOT).parts:
                continue
            for target, line, what in dependencies(path, labels):
                if target != package and target not in ALLOWED[package]:
                    problems.append(f"{path.relative_to(ROOT)}:{line}: {package} -> {target} ({what})")
    return problems


def test_every_package_has_a_place_in_the_layers():
    assert set(project_packages()) == set(LAYERS)


def test_dependencies_point_one_way_counting_every_import():
    assert violations() == []


def test_the_analysis_sees_imports_inside_functions_and_get_model_strings(tmp_path):
    """The check itself can fail: a lazy import, a get_model string and a model reference are all caught."""
    source = tmp_path / "people" / "lazy.py"
    source.parent.mkdir()
    source.write_text(
        "from django.apps import apps\n"
        "def f():\n"
        "    from articles.models import Article\n"
        "    return apps.get_model('events', 'Event'), 'newsroom.Revision'\n"
    )
    found = {(target, what.split(" ")[0]) for target, _line, what in dependencies(source, app_labels())}
    assert found == {("articles", "from"), ("events", "get_model('events',"), ("editorial", "model")}
