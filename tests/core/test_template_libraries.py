"""Each template tag and filter name is defined once: with two, the library loaded last silently wins."""

from collections import defaultdict
from importlib import import_module

from django.template.backends.django import get_installed_libraries


def test_no_two_template_libraries_define_the_same_tag_or_filter():
    defined = defaultdict(list)
    for name, module in get_installed_libraries().items():
        if module.split(".")[0] not in {"core", "editorial", "people", "events", "articles"}:
            continue
        library = import_module(module).register
        for kind, names in (("filter", library.filters), ("tag", library.tags)):
            for item in names:
                defined[(kind, item)].append(name)
    assert {key: libraries for key, libraries in defined.items() if len(libraries) > 1} == {}
