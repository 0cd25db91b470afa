"""Every template of the project compiles, so a template extending or including a path that was moved fails here
rather than as a 500 on a page no test opens."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template

TEMPLATE_DIRS = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
TEMPLATES = sorted(
    path.relative_to(folder).as_posix() for folder in TEMPLATE_DIRS for path in folder.rglob("*") if path.is_file()
)


def test_the_project_has_templates():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("name", TEMPLATES)
def test_each_template_compiles_with_its_parents(name):
    template = get_template(name).template
    # Compiling checks tags and filters; a parent named in {% extends %} is looked up only when rendered.
    for node in template.nodelist:
        if type(node).__name__ == "ExtendsNode" and not node.parent_name.is_var:
            get_template(node.parent_name.resolve({}))
