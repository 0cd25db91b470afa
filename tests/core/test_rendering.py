from html.parser import HTMLParser

import pytest

from core.rendering import render_markdown, render_markdown_inline

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<p onclick="alert(1)">x</p>',
    "[x](JaVaScRiPt:alert(1))",
]


class ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def assert_inert(html):
    """No script element, no event-handler attribute, no javascript: URL in any real element."""
    collector = ElementCollector()
    collector.feed(html)
    for tag, attrs in collector.elements:
        assert tag not in {"script", "img", "iframe", "object", "embed", "style"}, html
        assert not [name for name in attrs if name.startswith("on")], html
        assert not (attrs.get("href") or "").strip().lower().startswith("javascript:"), html


@pytest.mark.parametrize("payload", XSS)
def test_dangerous_markup_is_inert(payload):
    assert_inert(render_markdown(f"Before.\n\n{payload}\n\nAfter."))


def test_markdown_renders_paragraphs_lists_emphasis_and_links():
    html = render_markdown("Some *emphasis*.\n\n- one\n- two\n\n[CAST](http://www.cast.org.cn)")
    assert "<em>emphasis</em>" in html
    assert "<ul>" in html and "<li>one</li>" in html
    assert '<a href="http://www.cast.org.cn" rel="noopener noreferrer">CAST</a>' in html


def test_inline_rendering_has_no_paragraph():
    assert render_markdown_inline("*S&T News*") == "<em>S&amp;T News</em>"
