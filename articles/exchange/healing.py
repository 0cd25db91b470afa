"""Healing text broken by PDF extraction: where a sentence ends, and how two fragments join.

Used by the issue-file parser (`issuefile.parse`) and the plain-text proposal engine
(`proposal.propose`), so both heal the same way:

- A fragment *ends a sentence* when its last character is `.` `!` `?` `:` `;` `…` or a CJK
  sentence end `。` `！` `？` (also full-width `．` `：` `；`), optionally followed by closing
  quotes or brackets, ASCII or full-width (`”` `’` `」` `』` `）` `】` `》` …).
- Two fragments are joined with one space, except:
  * between two CJK characters (Han, kana, CJK punctuation, full-width forms) no space is
    inserted: Chinese and Japanese do not put spaces between words;
  * a word hyphenated at the break (`interna-` + `tional`) is rejoined without the hyphen when
    the joined word is a common word of the language (wordfreq: `ex-` + `changes`), or a real
    word that is not rarer than both halves when both are common words themselves (`low-` +
    `carbon` stays `low-carbon`, `long-` + `term` stays `long-term`); otherwise the hyphen is
    kept and nothing inserted.
"""

from __future__ import annotations

import re
from functools import lru_cache

# wordfreq's Zipf scale: 3 is once per million words, 1 once per 100 million.
REAL_WORD_ZIPF = 1.5  # a joined form at least this frequent is a real word
COMMON_JOINED_ZIPF = 3.5  # ... and at least this frequent is joined even when both halves are words (ex-changes)
COMMON_WORD_ZIPF = 3.0  # both halves this frequent: a compound candidate (low-carbon)
FUNCTION_WORD_ZIPF = 6.0  # "mid- and long-term": a suspended hyphen before "and"/"or"/"to"

_CLOSERS = "\"'”’»)]」』）】〉》〕〗｣〙〛＂＇"
SENTENCE_END = re.compile(rf"[.!?:;…。！？．：；][{re.escape(_CLOSERS)}]*\s*$")
_WORD_TAIL = re.compile(r"(?:^|[^\w])(\w+)-$")  # the letters before a final hyphen
_WORD_HEAD = re.compile(r"^(\w+)")

# wordfreq language codes for the project's LANGUAGES.
_WORDFREQ_LANGUAGE = {"en": "en", "zh-hans": "zh", "zh": "zh", "ru": "ru", "ja": "ja", "fr": "fr", "es": "es"}


def ends_sentence(text: str) -> bool:
    """Does `text` end with terminal punctuation (Latin or CJK), closing quotes/brackets allowed?"""
    return bool(SENTENCE_END.search(text))


def is_cjk(char: str) -> bool:
    """Han ideographs, kana, CJK symbols/punctuation and full-width forms (not Hangul: Korean uses spaces)."""
    if not char:
        return False
    code = ord(char)
    return (
        0x3000 <= code <= 0x30FF  # CJK symbols and punctuation, hiragana, katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFF00 <= code <= 0xFF60  # full-width forms
        or 0xFF61 <= code <= 0xFF9F  # half-width katakana
        or 0x20000 <= code <= 0x2FA1F  # extensions B-F, compatibility supplement
    )


@lru_cache(maxsize=4096)
def _zipf(word: str, language: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, language)


def wordfreq_language(language: str | None) -> str:
    """The wordfreq code for a publication language; English for unknown codes and CJK (Latin words there)."""
    code = _WORDFREQ_LANGUAGE.get((language or "en").lower(), "en")
    return "en" if code in ("zh", "ja") else code


def rejoins(head: str, tail: str, *, language: str = "en") -> bool:
    """Is `head`-`tail`, hyphenated at a line break, one word written without the hyphen?

    `head` and `tail` are the letters either side of the hyphen ("interna", "tional").
    """
    if not head or not tail or not tail[0].islower():
        return False  # "China-" + "Africa": a capital after the break is a real hyphenated name
    code = wordfreq_language(language)
    joined = _zipf((head + tail).lower(), code)
    if joined < REAL_WORD_ZIPF:
        return False
    if joined >= COMMON_JOINED_ZIPF:
        return True
    halves = _zipf(head.lower(), code), _zipf(tail.lower(), code)
    # long-term, low-carbon: two common words whose joined form is rarer than either stay hyphenated.
    return not (min(halves) >= COMMON_WORD_ZIPF and joined < min(halves))


def join(left: str, right: str, *, language: str = "en") -> str:
    """`left` and `right` (two fragments of one paragraph or list item) as one text; see module docstring."""
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return left or right
    if left.endswith("-") and not left.endswith("--") and (tail := _WORD_TAIL.search(left)):
        head = _WORD_HEAD.match(right)
        if head and rejoins(tail[1], head[1], language=language):
            return left[:-1] + right
        if head and _zipf(head[1].lower(), wordfreq_language(language)) >= FUNCTION_WORD_ZIPF:
            return left + " " + right  # "mid-" + "and long-term": a suspended hyphen
        if head:
            return left + right  # low-carbon
    if is_cjk(left[-1]) and is_cjk(right[0]):
        return left + right
    return left + " " + right


def join_lines(lines: list[str], *, language: str = "en") -> str:
    """The lines of one paragraph (visual lines of a PDF) joined into one line of text."""
    text = ""
    for line in lines:
        text = join(text, line, language=language) if text else line.strip()
    return text
