"""The Jinja2 environment of the public issue and article pages (settings.TEMPLATES, templates/jinja2/).

Those two pages are rendered most and list the most (an issue of 300 articles); Jinja2 compiles
templates to Python and renders them several times faster than Django's template language. The
names are the ones the Django templates use, as functions and filters: `picture(…)`,
`event_dates(event)`, `static(path)`, `|date("j F Y")`, `|json_ld`, `|markdown_inline`. base.html and the small
includes both engines use (feed links, social tags, headlines) are written in the syntax common to
both, so every page keeps one frame.
"""

from django.template.defaultfilters import date
from django.templatetags.static import static
from jinja2 import Environment

from core.templatetags.images import picture
from core.templatetags.markdown import markdown_inline_filter
from core.templatetags.seo import json_ld
from events.templatetags.event_tags import event_dates


def environment(**options) -> Environment:
    env = Environment(keep_trailing_newline=True, **options)  # the same bytes as Django's templates
    env.globals.update(picture=picture, event_dates=event_dates, static=static)
    env.filters.update(date=date, json_ld=json_ld, markdown_inline=markdown_inline_filter)
    return env
