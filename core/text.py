"""Text as editors really paste it: the one normalisation every text field applies (see core.fields).

`clean_text` is applied to every CharField and TextField of the project's models on every way
in (admin forms, issue import, `full_clean`, `create`/`save`, `QuerySet.update`, lookups) by the
field classes in core.fields, and again on the way out where a format cannot carry such
characters at all (XML feeds, iCalendar, e-mail headers), so a row stored before this existed
cannot take a feed down.

What it changes:

* line breaks: CRLF and lone CR (browsers post textareas with CRLF), U+000B (Word's manual line
  break), U+000C, U+0085 (NEL), U+2028 and U+2029 become "\\n" in multi-line fields. In single-line
  ones (titles, names), where "\\n" counts too, a run of line breaks becomes one space, or nothing
  when a space or tab already stands beside it: "batteries <U+000B>hold" is "batteries hold", not a
  double space. Spaces that were typed are never removed;
* removed: the other C0 controls (tab is kept), DEL, the other C1 controls, and the Unicode
  noncharacters (U+FDD0–U+FDEF, U+FFFE, U+FFFF and the last two code points of every plane);
* surrogates: a UTF-16 pair that arrived as two halves becomes the character it encodes; a lone
  half becomes U+FFFD (the replacement character), as no database or encoding can store it.

What it keeps, deliberately: tabs, non-breaking spaces, soft hyphens, zero-width spaces and
joiners (emoji sequences and Persian need them), bidi controls, combining marks, emoji, any
script. No Unicode normalisation (NFC) is applied to text: a CJK compatibility ideograph is kept
as typed. Slugs are the exception (core.slugs).
"""

import re

_NONCHARACTERS = r"\ufdd0-\ufdef" + "".join(rf"\U{plane:04x}fffe\U{plane:04x}ffff" for plane in range(17))
_REMOVED = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f" + _NONCHARACTERS + "]")
_LINE_BREAK = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_LINE_BREAKS = re.compile(r"[\n\r\x0b\x0c\x85\u2028\u2029]+")  # a run, CRLF included (single-line fields)
_BESIDE = " \t"  # what a line break in a single-line field leaves no second space next to
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(value: str, *, multiline: bool = True) -> str:
    """`value` without the characters no stored text should hold (see the module docstring).

    `multiline=False` (titles, names, single-line fields) turns every run of line breaks into a space,
    or into nothing beside a space or tab. Idempotent: cleaning cleaned text changes nothing.
    """
    if value.isascii() and value.isprintable():
        return value  # the common case: plain ASCII without any control character
    if _SURROGATE.search(value):
        value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    value = _REMOVED.sub("", value)
    if multiline:
        return _LINE_BREAK.sub("\n", value)
    return _LINE_BREAKS.sub(_space_for_breaks, value)


def _space_for_breaks(match: re.Match) -> str:
    text, start, end = match.string, match.start(), match.end()
    beside_space = (start > 0 and text[start - 1] in _BESIDE) or (end < len(text) and text[end] in _BESIDE)
    return "" if beside_space else " "
