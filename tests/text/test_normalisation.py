"""Issue #13 item 1: text normalised in one place on every way in; feeds, iCal and e-mail survive stored bad rows."""

import email
import email.policy

import feedparser
import icalendar
import pytest
from django.core import checks
from django.db import models
from django.test.utils import isolate_apps
from django.urls import reverse

from articles.exchange.exporters import export_issue
from articles.exchange.importer import import_issue
from articles.exchange.issuefile import parse_bytes
from articles.models import Article
from core.checks import text_fields_are_cleaned
from core.text import clean_text
from people.models import Person
from tests.events.test_admin import form_data
from tests.factories import ArticleFactory, BylineFactory, EventFactory, IssueFactory, PersonFactory, PublicationFactory
from tests.helpers import store_raw

pytestmark = pytest.mark.django_db

C0 = "".join(chr(code) for code in range(0x20))


def test_controls_noncharacters_and_surrogates_are_removed_tabs_and_newlines_kept():
    assert clean_text(f"a{C0}b\x7f\x80\x9f\ufffe\uffff\U0010ffffc") == "a\t\n\n\n\nbc"
    assert clean_text("split\ud83d\ude80pair, lone\ud800half") == "split🚀pair, lone\ufffdhalf"


def test_every_line_break_becomes_a_newline_or_in_single_line_fields_a_space():
    text = "CRLF\r\nCR\rWord\x0bFF\x0cNEL\x85LS\u2028PS\u2029end"
    assert clean_text(text) == "CRLF\nCR\nWord\nFF\nNEL\nLS\nPS\nend"
    assert clean_text(text, multiline=False) == "CRLF CR Word FF NEL LS PS end"


def test_in_single_line_fields_a_line_break_beside_a_space_adds_no_second_space():
    assert clean_text("batteries \x0bhold", multiline=False) == "batteries hold"
    assert clean_text("batteries\u2028 hold", multiline=False) == "batteries hold"
    assert clean_text("solid-state\t\r\nbatteries", multiline=False) == "solid-state\tbatteries"
    # A run of breaks (a pasted paragraph break) is one space; spaces typed on both sides stay as typed.
    assert clean_text("Carbon\r\n\r\nneutrality", multiline=False) == "Carbon neutrality"
    assert clean_text("Carbon\n \nneutrality", multiline=False) == "Carbon neutrality"
    assert clean_text("two  \x0b  spaces", multiline=False) == "two    spaces"
    assert clean_text("batteries \x0bhold") == "batteries \nhold"  # multi-line fields keep the break


@pytest.mark.parametrize(
    "text",
    ["batteries \x0bhold", "a\x0b\x0cb", " \x0b ", "\x0b", "a\r\n \r\n b", "x\u2029\t\u2028y", "end \x85"],
)
def test_single_line_cleaning_is_idempotent(text):
    once = clean_text(text, multiline=False)
    assert clean_text(once, multiline=False) == once
    assert clean_text(once) == once  # nothing left that a multi-line field would change either


def test_invisible_and_bidi_characters_emoji_and_marks_are_kept_as_typed():
    kept = "inter\u00adnational cyber\u200bsecurity\u00a0\u200d\u2060\ufeff\u202eRTL\u202c 👩\u200d🔬 e\u0301 預算"
    assert clean_text(kept) == kept


def test_every_text_field_of_every_app_normalises_its_text():
    assert text_fields_are_cleaned() == []


@isolate_apps("editorial")  # the probe model stays out of the project's registry (other tests list its models)
def test_the_check_names_a_plain_text_field():
    class Probe(models.Model):
        note = models.TextField()

        class Meta:
            app_label = "newsroom"

        def __str__(self):
            return self.note

    errors = text_fields_are_cleaned([type("Config", (), {"get_models": lambda self: [Probe]})()])
    assert [error.id for error in errors] == ["core.E101"]
    assert "newsroom.Probe.note is a plain TextField" in errors[0].msg
    assert isinstance(errors[0], checks.Error)


def test_create_save_update_and_lookups_store_clean_text():
    article = ArticleFactory(title="Budget\x0btalks", body="One\x0btwo\r\nthree\x00")
    assert (article.title, article.body) == ("Budget talks", "One\ntwo\nthree")  # the instance too
    article.refresh_from_db()
    assert (article.title, article.body) == ("Budget talks", "One\ntwo\nthree")
    Article.objects.filter(pk=article.pk).update(standfirst="Lead\x0bline\x07")
    assert Article.objects.get(pk=article.pk).standfirst == "Lead\nline"
    assert Article.objects.filter(title="Budget\x0btalks").get() == article


def test_full_clean_normalises_before_checking_the_length():
    person = Person(name="Zhang\x0b" + "\x01" * 300 + "Yuzhuo", slug="zhang")
    person.full_clean()
    assert person.name == "Zhang Yuzhuo"


def test_admin_form_stores_clean_text_and_drops_nul_instead_of_refusing(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", password="pw-123456789"))
    issue = IssueFactory()
    url = reverse("admin:articles_article_add")
    data = form_data(
        client.get(url), issue=issue.pk, order=1, kind="news", title="Budget\x0btalks resume", slug="budget",
        standfirst="Word's\x0bmanual break", body="First\r\nline\x00\x0bsecond\x1b[0m", **{"bylines-TOTAL_FORMS": "0"},
    )  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="budget")
    assert (article.title, article.standfirst, article.body) == (
        "Budget talks resume",
        "Word's\nmanual break",
        "First\nline\nsecond[0m",
    )


def test_issue_import_stores_clean_text():
    source = (
        "---\npublication: Weekly\nnumber: 1\ndate: 2022-02-01\n---\n# Issue\x0bone\n\n"
        "## Budget\x0btalks\n*By Li\x07 Ming*\n\nBody\x0bline.\n"
    )
    import_issue(document=parse_bytes(source.encode()))
    article = Article.objects.get()
    assert (article.title, article.issue.title) == ("Budget talks", "Issue one")
    assert article.body == "Body\nline."
    assert article.bylines.get().person.name == "Li Ming"


@pytest.fixture
def stored_bad_rows():
    publication = PublicationFactory(name="Weekly", slug="weekly")
    issue = IssueFactory(publication=publication, title="Issue")
    article = ArticleFactory(issue=issue, slug="budget")
    BylineFactory(article=article, person=PersonFactory(name="Li Ming"))
    bad = "Word\x0bbreak\x0cform\x1bescape\x7f"
    store_raw(Article, article.pk, title=f"Budget {bad}", standfirst=bad, body=f"Body {bad}")
    store_raw(Person, article.bylines.get().person_id, name=f"Li {bad}")
    event = EventFactory(slug="forum", title="Forum")
    store_raw(type(event), event.pk, title=f"Forum {bad}", description=f"About {bad}", summary=bad)
    return issue


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_stored_control_character_never_takes_a_feed_down(client, stored_bad_rows, kind):
    response = client.get(reverse(f"articles:publication_feed_{kind}", kwargs={"slug": "weekly"}))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    entry = feed.entries[0]
    assert entry.title == "Budget Word\nbreak\nformescape"
    assert entry.author == "Li Word\nbreak\nformescape"


def test_a_stored_control_character_never_reaches_an_ics_file(client, stored_bad_rows):
    for url in (reverse("events:event_ics", kwargs={"slug": "forum"}), reverse("events:calendar")):
        response = client.get(url)
        assert response.status_code == 200
        assert not any(chr(code) in response.content.decode() for code in (0x0B, 0x0C, 0x1B, 0x7F))
        vevent = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
        assert str(vevent["SUMMARY"]) == "Forum Word break formescape"
        assert str(vevent["DESCRIPTION"]).startswith("Word\nbreak\nformescape\n\nAbout Word\nbreak\nformescape")


def test_a_stored_control_character_never_reaches_an_e_mail(stored_bad_rows):
    data, _, _ = export_issue(stored_bad_rows, "email")
    message = email.message_from_bytes(data, policy=email.policy.default)
    text = message.get_body(("plain",)).get_content()
    assert "Budget Word" in text and "\x0b" not in text and "\x1b" not in text
    assert "\x0b" not in message.get_body(("html",)).get_content()
