from django import template
from django.utils.safestring import mark_safe

from core.rendering import markdown_to_text, render_markdown, render_markdown_inline

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(source):
    """{{ article.body|markdown }}: sanitized HTML (see core.rendering)."""
    return mark_safe(render_markdown(source or ""))  # noqa: S308 - sanitized by nh3


@register.filter(name="markdown_inline")
def markdown_inline_filter(source):
    return mark_safe(render_markdown_inline(source or ""))  # noqa: S308 - sanitized by nh3


@register.filter(name="markdown_text")
def markdown_text_filter(source):
    """Plain text of Markdown, for meta descriptions and other attributes."""
    return markdown_to_text(source or "")
