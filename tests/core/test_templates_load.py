"""Every template of the project compiles, so a template extending or including a path that was moved fails here
rather than as a 500 on a page no test opens. Templates under templates/jinja2/ belong to the Jinja2 engine (the
public issue and article pages); every other one to Django's."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from jinja2 import meta

ROOT = Path(settings.TEMPLATES[0]["DIRS"][0])
JINJA2_ROOT = ROOT / "jinja2"
DJANGO_TEMPLATES = sorted(
    path.relative_to(ROOT).as_posix()
    for path in ROOT.rglob("*")
    if path.is_file() and not path.is_relative_to(JINJA2_ROOT)
)
JINJA2_TEMPLATES = sorted(path.relative_to(JINJA2_ROOT).as_posix() for path in JINJA2_ROOT.rglob("*") if path.is_file())


def test_the_project_has_templates():
    assert len(DJANGO_TEMPLATES) > 20
    assert len(JINJA2_TEMPLATES) > 4


@pytest.mark.parametrize("name", DJANGO_TEMPLATES)
def test_each_template_compiles_with_its_parents(name):
    django_engine = engines["django"]
    template = django_engine.get_template(name).template
    # Compiling checks tags and filters; a parent named in {% extends %} is looked up only when rendered.
    for node in template.nodelist:
        if type(node).__name__ == "ExtendsNode" and not node.parent_name.is_var:
            django_engine.get_template(node.parent_name.resolve({}))


@pytest.mark.parametrize("name", JINJA2_TEMPLATES)
def test_each_jinja2_template_compiles_with_what_it_extends_and_includes(name):
    environment = engines["jinja2"].env
    source, _, _ = environment.loader.get_source(environment, name)
    environment.get_template(name)
    for referenced in meta.find_referenced_templates(environment.parse(source)):
        if referenced is not None:  # None: a name computed when rendered
            environment.get_template(referenced)
