"""The issue file format: parsing, PDF line-break healing, bylines and the canonical writer."""

import pytest

from articles.exchange.issuefile import (
    MAX_FILE_BYTES,
    NO_HEAL,
    ArticleEntry,
    BylineEntry,
    IssueDocument,
    IssueFileError,
    canonical_markdown,
    decode,
    parse,
    parse_bytes,
    write,
)

CANONICAL = """---
publication: CAST Newsletter
number: 2022-01
date: 2022-02-01
language: en
---

# Newsletter

## Headlines

- ◆First story is here
- ◆Second story

## First story is here
*By Wan Gang, President; CAST*

Body with *emphasis* and a [link](https://example.org).

- a list item
- another item

### S&T News

## Second story

One paragraph.

---

Colophon with [www.cast.org.cn](http://www.cast.org.cn) and 中国科学技术协会.
"""


def test_canonical_file_parses_into_structure():
    document = parse(CANONICAL)
    assert (document.publication, document.number, document.date.isoformat()) == (
        "CAST Newsletter",
        "2022-01",
        "2022-02-01",
    )
    assert document.title == "Newsletter"
    assert [h.text for h in document.headlines] == ["First story is here", "Second story"]
    assert [a.title for a in document.articles] == ["First story is here", "Second story"]
    assert [a.section for a in document.articles] == [None, "S&T News"]
    assert document.articles[0].bylines == [BylineEntry("Wan Gang", "President"), BylineEntry("CAST", "")]
    assert document.articles[0].body.startswith("Body with *emphasis*")
    assert "- another item" in document.articles[0].body
    assert document.colophon == "Colophon with [www.cast.org.cn](http://www.cast.org.cn) and 中国科学技术协会."


def test_canonical_file_round_trips_unchanged():
    assert write(parse(CANONICAL)) == CANONICAL


def test_seed_round_trips_after_first_write(seed_bytes):
    first = write(parse_bytes(seed_bytes))
    assert write(parse(first)) == first


def test_byline_is_split_at_first_comma_per_semicolon_entry():
    text = "# T\n\n## Story\n*By Zhang San, Professor, School of Public Health, Tsinghua University; Li Si*\n\nText.\n"
    (article,) = parse(text).articles
    assert article.bylines == [
        BylineEntry("Zhang San", "Professor, School of Public Health, Tsinghua University"),
        BylineEntry("Li Si", ""),
    ]
    assert article.body == "Text."


def test_emphasis_in_section_heading_is_decoration():
    document = parse("### *S&T News*\n\n## Story\n\nText.\n")
    assert document.articles[0].section == "S&T News"


def test_headline_marker_is_optional_on_import():
    document = parse("## Headlines\n\n- ◆With marker\n- Without marker\n\n## With marker\n\nText.\n")
    assert [h.text for h in document.headlines] == ["With marker", "Without marker"]


def test_paragraph_ending_mid_sentence_is_joined_with_the_next():
    document = parse("## Story\n\nHe expressed hope that the industry would seize opportunities under\n\nthe goal.\n")
    assert document.articles[0].body == "He expressed hope that the industry would seize opportunities under the goal."
    assert document.healed == 1


@pytest.mark.parametrize("ending", [".", "!", "?", ":", ";", ".”", ".)", "?’", "…"])
def test_paragraph_ending_with_terminal_punctuation_is_kept(ending):
    document = parse(f"## Story\n\nFirst paragraph{ending}\n\nsecond paragraph.\n")
    assert document.articles[0].body == f"First paragraph{ending}\n\nsecond paragraph."
    assert document.healed == 0


def test_lists_and_headings_are_never_joined():
    document = parse("## Story\n\nKey findings\n\n- one\n- two\n\nAfter the list\n\n#### Sub heading\n\nText.\n")
    assert document.articles[0].body == "Key findings\n\n- one\n- two\n\nAfter the list\n\n#### Sub heading\n\nText."
    assert document.healed == 0


def test_paragraph_starting_with_a_year_after_a_cut_sentence_is_joined():
    # "2022. According…" parses as an ordered list starting at 2022: it is a cut paragraph.
    document = parse(
        "## Story\n\nreleased on January 28,\n\n2022. According to the document, over the next\n\nfive years.\n"
    )
    assert (
        document.articles[0].body
        == "released on January 28, 2022. According to the document, over the next five years."
    )
    assert document.healed == 2


def test_intentional_break_after_unfinished_sentence_survives_export_and_import():
    body = "Contact\n\nwww.example.org"
    assert canonical_markdown(body) == f"Contact\n\n{NO_HEAL}\n\nwww.example.org"
    document = IssueDocument(publication="P", number="1", articles=[ArticleEntry(title="A", body=body)])
    reparsed = parse(write(document))
    assert reparsed.articles[0].body == body
    assert write(reparsed) == write(document)


def test_body_headings_and_rules_cannot_break_the_structure():
    body = "Intro.\n\n## Not an article\n\n---\n\nMore."
    document = IssueDocument(publication="P", number="1", articles=[ArticleEntry(title="A", body=body)])
    reparsed = parse(write(document))
    assert [a.title for a in reparsed.articles] == ["A"]
    assert reparsed.articles[0].body == "Intro.\n\n#### Not an article\n\n***\n\nMore."
    assert reparsed.colophon == ""


def _error(data) -> IssueFileError:
    with pytest.raises(IssueFileError) as info:
        parse_bytes(data) if isinstance(data, bytes) else parse(data)
    return info.value


def test_empty_file_is_refused():
    error = _error(b"  \n\n")
    assert (error.line, "empty" in str(error)) == (1, True)


def test_binary_file_is_refused_with_line():
    error = _error(b"# Title\n\n\x00\x01\x02PNG")
    assert error.line == 3
    assert "binary" in str(error)


def test_non_utf8_file_is_refused_with_line():
    error = _error("# Title\n\n## Caf\u00e9\n".encode("latin-1"))
    assert error.line == 3
    assert "not valid UTF-8" in str(error)


def test_file_over_the_size_limit_is_refused():
    error = _error(b"## A\n\n" + b"x" * MAX_FILE_BYTES)
    assert "limit is 2,097,152 bytes" in str(error)
    assert error.line == 3


def test_byline_before_any_article_is_refused():
    error = _error("# Title\n\n*By Wan Gang, President*\n\n## Story\n\nText.\n")
    assert (error.line, str(error)) == (3, "Line 3: a byline line comes before any article ('## Title')")


def test_two_articles_with_the_same_title_are_refused():
    error = _error("## Same title\n\nText.\n\n## Same  Title\n\nMore.\n")
    assert error.line == 5
    assert "two articles have the title 'Same  Title' (first at line 1)" in str(error)


def test_unknown_front_matter_key_is_refused():
    error = _error("---\npublication: P\nauthor: Someone\n---\n\n## Story\n\nText.\n")
    assert error.line == 3
    assert "unknown front-matter key 'author'" in str(error)


def test_invalid_date_is_refused():
    error = _error("---\ndate: 2022-13-01\n---\n\n## Story\n\nText.\n")
    assert error.line == 2
    assert "invalid date '2022-13-01'" in str(error)


def test_text_outside_any_article_is_refused():
    error = _error("# Title\n\nAn orphan paragraph.\n\n## Story\n\nText.\n")
    assert error.line == 3
    assert "outside any article" in str(error)


def test_decode_normalises_line_ends_and_bom():
    assert decode("\ufeff## A\r\n\r\nText.\r\n".encode()) == "## A\n\nText.\n"


def test_unclosed_front_matter_is_refused():
    error = _error("---\npublication: P\n\n## Story\n\nText.\n")
    assert (error.line, "no closing '---'" in str(error)) == (1, True)


def test_file_without_articles_is_refused():
    error = _error("# Only a title\n")
    assert "no articles" in str(error)


def test_second_issue_title_is_refused():
    error = _error("# One\n\n## Story\n\nText.\n\n# Two\n")
    assert error.line == 7


def test_body_opening_with_an_emphasised_by_line_is_not_read_as_a_byline():
    body = "*By the way, this is body text.*\n\nMore."
    document = IssueDocument(publication="P", number="1", articles=[ArticleEntry(title="A", body=body)])
    reparsed = parse(write(document))
    assert reparsed.articles[0].bylines == []
    assert reparsed.articles[0].body == body
    assert write(reparsed) == write(document)


def test_writer_keeps_titles_on_one_line():
    document = IssueDocument(
        publication="P", number="1", title=" Issue ", articles=[ArticleEntry(title="Two\nlines ", body="Text.")]
    )
    text = write(document)
    assert "# Issue\n" in text and "## Two lines\n" in text
    assert write(parse(text)) == text


def _round_trip(document: IssueDocument) -> IssueDocument:
    """Export -> import -> export: the second export must equal the first."""
    text = write(document)
    reparsed = parse(text)
    assert write(reparsed) == text
    return reparsed


def _doc(*articles: ArticleEntry, **fields) -> IssueDocument:
    return IssueDocument(publication="P", number="1", articles=list(articles), **fields)


def test_link_reference_definitions_stay_in_their_article():
    first = ArticleEntry(title="A", body="See [CAST][1].\n\n[1]: http://www.cast.org.cn")
    second = ArticleEntry(title="B", body="Other text.")
    reparsed = _round_trip(_doc(first, second))
    assert reparsed.articles[0].body == "See [CAST][1].\n\n[1]: http://www.cast.org.cn"
    assert reparsed.articles[1].body == "Other text."


def test_link_reference_definition_in_the_colophon_is_kept():
    reparsed = _round_trip(_doc(ArticleEntry(title="A", body="Text."), colophon="[CAST][c]\n\n[c]: http://x.org"))
    assert reparsed.colophon == "[CAST][c]\n\n[c]: http://x.org"


def test_unclosed_code_fence_is_closed_so_later_articles_survive():
    body = "Example:\n\n```python\nprint('hi')"
    reparsed = _round_trip(_doc(ArticleEntry(title="A", body=body), ArticleEntry(title="B", body="After.")))
    assert [a.title for a in reparsed.articles] == ["A", "B"]
    assert reparsed.articles[0].body == body + "\n```"
    assert canonical_markdown(body + "\n```") == body + "\n```"


def test_closed_code_fence_keeps_its_lines_verbatim():
    body = "~~~~\ncode with trailing spaces  \n## not a heading\n~~~~"
    assert canonical_markdown(body) == body


@pytest.mark.parametrize("body", ["First line  \nsecond line.", "First line\\\nsecond line."])
def test_hard_line_breaks_are_kept_in_backslash_form(body):
    assert canonical_markdown(body) == "First line\\\nsecond line."
    reparsed = _round_trip(_doc(ArticleEntry(title="A", body=body)))
    assert reparsed.articles[0].body == "First line\\\nsecond line."


def test_trailing_spaces_that_are_no_break_are_dropped():
    assert canonical_markdown("One line \nnext line.  \n\nPath C:\\  \nend.") == (
        "One line\nnext line.\n\nPath C:\\  \nend."
    )


def test_commas_and_semicolons_in_bylines_survive_as_escapes():
    bylines = [
        BylineEntry("Smith, Jones & Co", ""),
        BylineEntry("Ann Lee", "Editor; Acting Chair, Board"),
        BylineEntry("Back\\slash *Star*", ""),
    ]
    text = write(_doc(ArticleEntry(title="A", bylines=bylines, body="Text.")))
    assert "*By Smith\\, Jones & Co; Ann Lee, Editor\\; Acting Chair, Board; Back\\\\slash \\*Star\\**\n" in text
    reparsed = _round_trip(_doc(ArticleEntry(title="A", bylines=bylines, body="Text.")))
    assert reparsed.articles[0].bylines == bylines


def test_byline_escapes_are_honoured_on_import():
    (article,) = parse("## Story\n*By Smith\\, Jones & Co, Partners; Li Si, A\\;B; C:\\Temp*\n\nText.\n").articles
    assert article.bylines == [
        BylineEntry("Smith, Jones & Co", "Partners"),
        BylineEntry("Li Si", "A;B"),
        BylineEntry("C:\\Temp", ""),
    ]


@pytest.mark.parametrize("title", ["Why we rank #", "##", "C#", "Odd \\#"])
def test_titles_ending_in_a_hash_keep_it(title):
    document = _doc(ArticleEntry(title=title, section=title, body="Text."), title=title)
    reparsed = _round_trip(document)
    assert (reparsed.title, reparsed.articles[0].title, reparsed.articles[0].section) == (title, title, title)


def test_first_article_called_headlines_gets_an_empty_headlines_section():
    document = _doc(ArticleEntry(title="Headlines", body="The week's headlines."), ArticleEntry(title="B", body="."))
    text = write(document)
    assert "---\n\n## Headlines\n\n## Headlines\n\nThe week's headlines.\n" in text
    reparsed = _round_trip(document)
    assert reparsed.headlines == []
    assert [a.title for a in reparsed.articles] == ["Headlines", "B"]


@pytest.mark.parametrize(
    "first", ["*Photo: Xinhua News Agency.*", "**Contact:**", "_“Quoted.”_", "Ends in code `x.`", "[Read more.](u)"]
)
def test_paragraph_ending_a_sentence_inside_decoration_is_not_joined(first):
    document = parse(f"## Story\n\n{first}\n\nA new paragraph.\n")
    assert document.articles[0].body == f"{first}\n\nA new paragraph."
    assert document.healed == 0
    assert canonical_markdown(document.articles[0].body) == document.articles[0].body


def test_paragraph_cut_inside_emphasis_is_still_joined():
    document = parse("## Story\n\n*Photo by*\n\nXinhua.\n")
    assert (document.articles[0].body, document.healed) == ("*Photo by* Xinhua.", 1)
